package io.aiworkflow.engine.platform;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/** Whether this server can serve: the schema is migrated and the database answers. */
@ApplicationScoped
public class Readiness {

    private volatile boolean migrated;

    @Resource(lookup = "jdbc/workflow")
    private DataSource dataSource;

    void markMigrated() {
        migrated = true;
    }

    public boolean isMigrated() {
        return migrated;
    }

    public boolean databaseAnswers() {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }
}
