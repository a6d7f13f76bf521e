package io.aiworkflow.engine.platform;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.inject.Inject;
import org.flywaydb.core.Flyway;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.util.logging.Logger;

/** Brings the schema up to date at deploy, before anything else touches the database. */
@Startup
@Singleton
@TransactionManagement(TransactionManagementType.BEAN)
public class DatabaseMigrator {

    private static final Logger LOG = Logger.getLogger(DatabaseMigrator.class.getName());

    @Resource(lookup = "jdbc/workflow")
    private DataSource dataSource;

    @Inject
    private Readiness readiness;

    @PostConstruct
    void migrate() {
        try {
            int moved = RewordedMigrations.accept(dataSource);
            if (moved > 0) {
                LOG.info(() -> moved + " migrations applied with earlier comments accepted as they read now");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the schema history", e);
        }
        var result = Flyway.configure(getClass().getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        LOG.info(() -> "database schema at version " + result.targetSchemaVersion + " (" + result.migrationsExecuted
                + " migrations applied)");
        readiness.markMigrated();
    }
}
