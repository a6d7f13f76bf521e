package io.aiworkflow.bench;

import jakarta.json.Json;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@value #SCHEDULES} schedules created through the API, all due at the same second of one minute,
 * on one server: how late their firings start (the time from the scheduled time to the run being
 * open), up to the last one.
 */
final class ScheduleScenario {

    static final int SCHEDULES = 10_000;
    static final String NAME = "HTTP 10,000 schedules due at once";

    private ScheduleScenario() {}

    static Load.Result run(HttpScenario http, DataSource db) throws Exception {
        // far enough ahead for every schedule to be created before it comes
        Instant due = Instant.now().plus(2, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MINUTES);
        ZonedDateTime at = due.atZone(ZoneOffset.UTC);
        String body = Json.createObjectBuilder()
                .add(
                        "cron",
                        String.format(
                                Locale.ROOT,
                                "0 %d %d %d %d *",
                                at.getMinute(),
                                at.getHour(),
                                at.getDayOfMonth(),
                                at.getMonthValue()))
                .add("timeZone", "UTC")
                .add("parameters", BenchDesign.parameters())
                .build()
                .toString();
        String path = "api/app/" + http.appId() + "/schedules";
        AtomicInteger created = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> work = new java.util.ArrayList<>();
            for (int t = 0; t < 8; t++) {
                work.add(pool.submit(() -> {
                    while (created.getAndIncrement() < SCHEDULES) {
                        HttpScenario.expect(201, http.send("POST", path, body));
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.println("[bench] " + SCHEDULES + " schedules created, all due at " + due
                + (Instant.now().isAfter(due)
                        ? " (creating them took longer: the firings are late from the start)"
                        : ""));

        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(20);
        long fired = 0;
        while (System.nanoTime() < deadline) {
            fired = count(db, "select count(*) from schedule_firing where state in ('FIRED', 'FAILED_TO_START')");
            if (fired >= SCHEDULES) {
                break;
            }
            Thread.sleep(1000);
        }
        long[] lateMillis = lateness(db);
        long failed = count(db, "select count(*) from schedule_firing where state <> 'FIRED'");
        Arrays.sort(lateMillis);
        int n = lateMillis.length;
        double lastSeconds = n == 0 ? Double.NaN : lateMillis[n - 1] / 1000.0;
        return new Load.Result(
                NAME,
                1,
                n,
                lastSeconds,
                n / lastSeconds,
                percentile(lateMillis, 50),
                percentile(lateMillis, 99),
                Arrays.stream(lateMillis).average().orElse(Double.NaN),
                failed,
                String.format(
                        Locale.ROOT,
                        "schedules: %d firings; the last started %.1f s after its time; not fired: %d",
                        n,
                        lastSeconds,
                        failed),
                null);
    }

    /** Each firing's lateness: from its scheduled time to its run being open, in ms. */
    private static long[] lateness(DataSource db) throws Exception {
        try (Connection c = db.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("select (extract(epoch from fired_at - scheduled_time) * 1000)::bigint"
                                + " from schedule_firing where state = 'FIRED'");
                ResultSet rs = ps.executeQuery()) {
            long[] values = new long[SCHEDULES * 2];
            int n = 0;
            while (rs.next() && n < values.length) {
                values[n++] = rs.getLong(1);
            }
            return Arrays.copyOf(values, n);
        }
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1)];
    }

    private static long count(DataSource db, String sql) throws Exception {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
