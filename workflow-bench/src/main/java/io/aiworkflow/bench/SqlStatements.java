package io.aiworkflow.bench;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;

/**
 * With {@code --sql-stats}: where PostgreSQL's time goes in each round. The embedded server starts
 * with {@code pg_stat_statements} preloaded; before a round its counts are reset, after it the
 * statements that took the most execution time are printed per run the round recorded (warm-up
 * included, as in the counts), with the WAL each wrote and the whole server's WAL and WAL syncs.
 * Off by default: the extension costs a little on every statement.
 */
final class SqlStatements {

    /** The embedded server's settings that load the extension. */
    static final Map<String, String> SERVER_CONFIG = Map.of("shared_preload_libraries", "pg_stat_statements");

    private static final int SHOWN = 12;

    /** A measured round. */
    @FunctionalInterface
    interface Round {
        Load.Result run() throws Exception;
    }

    private final boolean enabled;

    SqlStatements(boolean enabled) {
        this.enabled = enabled;
    }

    /** Runs the round; when enabled, prints its statements' cost per run recorded in {@code ds}. */
    Load.Result around(DataSource ds, Round round) throws Exception {
        if (!enabled) {
            return round.run();
        }
        long runsBefore;
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement()) {
            s.execute("create extension if not exists pg_stat_statements");
            s.execute("select pg_stat_statements_reset()");
            s.execute("select pg_stat_reset_shared('wal')");
            runsBefore = count(s);
        }
        Load.Result result = round.run();
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement()) {
            print(result, s, Math.max(1, count(s) - runsBefore));
        }
        return result;
    }

    private static long count(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("select count(*) from workflow_instance")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void print(Load.Result round, Statement s, long runs) throws SQLException {
        System.out.printf(
                Locale.ROOT,
                "[bench]   SQL of %s, %d client(s), per run of %d recorded (execution time in PostgreSQL):%n",
                round.scenario(),
                round.clients(),
                runs);
        try (ResultSet rs = s.executeQuery("select wal_records, wal_fpi, wal_bytes, wal_sync from pg_stat_wal")) {
            rs.next();
            System.out.printf(
                    Locale.ROOT,
                    "[bench]   WAL: %.1f records, %.2f full-page images, %.0f bytes, %.2f syncs%n",
                    rs.getDouble(1) / runs,
                    rs.getDouble(2) / runs,
                    rs.getDouble(3) / runs,
                    rs.getDouble(4) / runs);
        }
        try (ResultSet rs = s.executeQuery("select calls, total_exec_time, rows, query, wal_bytes, wal_fpi"
                + " from pg_stat_statements"
                + " where dbid = (select oid from pg_database where datname = current_database())"
                // not this class's own statements
                + " and query not like '%pg_stat_statements%' and query <> 'select count(*) from workflow_instance'"
                + " order by total_exec_time desc limit " + SHOWN)) {
            while (rs.next()) {
                System.out.printf(
                        Locale.ROOT,
                        "[bench]   %7.1f µs %6.2f calls %7.1f rows %7.0f WAL bytes %5.2f FPI  %s%n",
                        rs.getDouble(2) * 1000 / runs,
                        rs.getDouble(1) / runs,
                        rs.getDouble(3) / runs,
                        rs.getDouble(5) / runs,
                        rs.getDouble(6) / runs,
                        abbreviated(rs.getString(4)));
            }
        }
    }

    private static String abbreviated(String query) {
        String flat = query.replaceAll("\\s+", " ").strip();
        return flat.length() <= 110 ? flat : flat.substring(0, 110) + "…";
    }
}
