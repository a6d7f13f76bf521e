package io.aiworkflow.engine.platform;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Migrations whose comments were reworded after databases had applied them. Flyway checksums a
 * migration's whole text, comments included, so a database migrated with the earlier wording would
 * fail validation at deploy although its schema is the same. Before Flyway runs, each such
 * migration's recorded checksum moves from the earlier wording's to the current one's; any other
 * difference is left for Flyway to report.
 */
final class RewordedMigrations {

    /** One migration's checksum with the earlier comment and with the current one. */
    record Rewording(String version, int earlier, int current) {}

    static final List<Rewording> REWORDINGS = List.of(
            new Rewording("1", 797998407, 1379764370),
            new Rewording("3", 1573292394, 116901069),
            new Rewording("5", 385984509, 113115162));

    private RewordedMigrations() {}

    /** Moves the recorded checksums of reworded migrations to the current text's; how many moved. */
    static int accept(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            if (!historyExists(c)) {
                return 0;
            }
            int moved = 0;
            try (PreparedStatement ps = c.prepareStatement(
                    "update flyway_schema_history set checksum = ? where version = ? and checksum = ?")) {
                for (Rewording r : REWORDINGS) {
                    ps.setInt(1, r.current());
                    ps.setString(2, r.version());
                    ps.setInt(3, r.earlier());
                    moved += ps.executeUpdate();
                }
            }
            return moved;
        }
    }

    private static boolean historyExists(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select to_regclass('flyway_schema_history') is not null");
                ResultSet rs = ps.executeQuery()) {
            return rs.next() && rs.getBoolean(1);
        }
    }
}
