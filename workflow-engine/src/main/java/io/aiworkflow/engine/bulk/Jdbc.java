package io.aiworkflow.engine.bulk;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/** The few JDBC helpers the bulk stores share. */
final class Jdbc {

    private Jdbc() {}

    static void bind(Connection c, PreparedStatement ps, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            Object arg = args.get(i);
            if (arg instanceof String[] values) {
                ps.setArray(i + 1, c.createArrayOf("varchar", values));
            } else {
                ps.setObject(i + 1, arg);
            }
        }
    }

    static OffsetDateTime time(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant().atOffset(ZoneOffset.UTC);
    }
}
