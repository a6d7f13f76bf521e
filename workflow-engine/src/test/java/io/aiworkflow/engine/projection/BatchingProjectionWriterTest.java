package io.aiworkflow.engine.projection;

import io.aiworkflow.domain.model.run.RunOrigin;
import io.aiworkflow.engine.event.EngineEvent;
import io.aiworkflow.engine.event.NodeRef;
import io.aiworkflow.engine.event.NodeSkipped;
import io.aiworkflow.engine.event.TokenUsage;
import io.aiworkflow.engine.event.WorkflowFinished;
import io.aiworkflow.engine.event.WorkflowStarted;
import jakarta.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One run whose rows the database refuses must not stop a lane: the others' rows are written, only
 * the offending run is quarantined, a passing outage is waited out, and nothing kills the lane.
 */
class BatchingProjectionWriterTest {

    /** A lane over a pretend database: refuses rows of runs named "bad…" (SQLState 22021, as a NUL byte does). */
    private static final class Recorder extends BatchingProjectionWriter<EngineEvent> {
        final List<EngineEvent> stored = Collections.synchronizedList(new ArrayList<>());
        final List<String> quarantined = new CopyOnWriteArrayList<>();
        final List<String> forgotten = new CopyOnWriteArrayList<>();
        final AtomicInteger outages = new AtomicInteger();
        final AtomicInteger writes = new AtomicInteger();
        /** each call of write: whether it was a try again */
        final List<Boolean> tries = new CopyOnWriteArrayList<>();

        final Duration linger;
        volatile boolean blowUpOnce;
        volatile Thread lane;

        Recorder() {
            this(Duration.ofMillis(2));
        }

        Recorder(Duration linger) {
            this.linger = linger;
            startLanes(
                    task -> {
                        lane = new Thread(task);
                        return lane;
                    },
                    "test-lane",
                    1);
        }

        @Override
        protected Duration linger() {
            return linger;
        }

        @Override
        protected List<EngineEvent> prepare(List<EngineEvent> runEvents) {
            if (runEvents.get(0).instanceId().startsWith("unpreparable")) {
                throw new IllegalStateException("a bug building this run's rows");
            }
            return runEvents;
        }

        @Override
        protected void write(List<EngineEvent> rows, boolean again) throws SQLException {
            tries.add(again);
            if (!again && rows.stream().anyMatch(e -> e.instanceId().startsWith("stored"))) {
                throw new SQLException("duplicate key value violates unique constraint", "23505");
            }
            if (blowUpOnce) {
                blowUpOnce = false;
                throw new StackOverflowError("not an exception");
            }
            if (outages.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new SQLException("connection refused", "08001");
            }
            if (rows.stream().anyMatch(e -> e.instanceId().startsWith("bad"))) {
                BatchUpdateException batch = new BatchUpdateException("batch entry 3 was aborted", "22021", new int[0]);
                batch.setNextException(new SQLException("invalid byte sequence for encoding \"UTF8\": 0x00", "22021"));
                throw batch;
            }
            stored.addAll(rows);
            writes.incrementAndGet();
        }

        @Override
        protected void quarantine(String instanceId, String reference) {
            quarantined.add(instanceId);
        }

        @Override
        protected void forget(String instanceId) {
            forgotten.add(instanceId);
        }

        /** Enqueues a run's events; the returned future, asked for first as callers do, tells when it is closed. */
        CompletableFuture<Void> run(String id, int nodes) {
            CompletableFuture<Void> closed = whenClosed(id);
            enqueue(new WorkflowStarted(
                    1, id, Instant.now(), "app", 1, Json.createObjectBuilder().build(), RunOrigin.API));
            for (int i = 0; i < nodes; i++) {
                enqueue(new NodeSkipped(2 + i, id, Instant.now(), NodeRef.top("n" + i, "n" + i, "Code", null)));
            }
            enqueue(new WorkflowFinished(
                    2 + nodes, id, Instant.now(), Json.createObjectBuilder().build(), 1, TokenUsage.NONE));
            return closed;
        }

        long storedOf(String id) {
            synchronized (stored) {
                return stored.stream().filter(e -> e.instanceId().equals(id)).count();
            }
        }
    }

    private final Recorder writer = new Recorder();

    @AfterEach
    void stop() {
        writer.stop();
    }

    @Test
    void aRefusedRunIsQuarantinedAndTheRunsBesideItAreWritten() throws Exception {
        writer.run("good-1", 3);
        var bad1 = writer.run("bad-1", 3);
        var good2 = writer.run("good-2", 3);
        good2.get(5, TimeUnit.SECONDS);
        bad1.get(5, TimeUnit.SECONDS);

        assertEquals(5, writer.storedOf("good-1"));
        assertEquals(5, writer.storedOf("good-2"));
        assertEquals(0, writer.storedOf("bad-1"));
        assertEquals(List.of("bad-1"), writer.quarantined);
        assertTrue(writer.forgotten.containsAll(List.of("good-1", "bad-1", "good-2")), "per-run state is dropped");

        // the lane goes on with later runs
        var good3 = writer.run("good-3", 1);
        good3.get(5, TimeUnit.SECONDS);
        assertEquals(3, writer.storedOf("good-3"));
    }

    @Test
    void aFirstTryIsPlainAndAFailedOneIsWrittenAgainSkippingWhatIsStored() throws Exception {
        writer.run("good-1", 1).get(5, TimeUnit.SECONDS);
        assertEquals(List.of(false), writer.tries, "one plain try was enough");

        writer.tries.clear();
        var stored = writer.run("stored-1", 1); // a row of it is in the database already
        stored.get(5, TimeUnit.SECONDS);
        assertEquals(List.of(false, true), writer.tries, "the conflict sent the rows again, at once");
        assertEquals(3, writer.storedOf("stored-1"));
        assertTrue(writer.quarantined.isEmpty(), "a row already stored is no reason to refuse a run");
    }

    @Test
    void aRunWhoseRowsCannotBeBuiltIsQuarantinedToo() throws Exception {
        var unpreparable1 = writer.run("unpreparable-1", 2);
        var good1 = writer.run("good-1", 2);
        good1.get(5, TimeUnit.SECONDS);
        unpreparable1.get(5, TimeUnit.SECONDS);
        assertEquals(4, writer.storedOf("good-1"));
        assertEquals(List.of("unpreparable-1"), writer.quarantined);
    }

    @Test
    void anOutageIsWaitedOutAndNothingIsQuarantined() throws Exception {
        writer.outages.set(3);
        var good1 = writer.run("good-1", 2);
        good1.get(10, TimeUnit.SECONDS);
        assertEquals(4, writer.storedOf("good-1"));
        assertTrue(writer.quarantined.isEmpty());
    }

    @Test
    void whenWrittenWaitsForTheDatabaseToTakeWhatWasQueued() throws Exception {
        writer.outages.set(3); // about 1.4 s of retries
        var closed = writer.run("good-1", 2);
        var written = writer.whenWritten("good-1");
        assertFalse(written.isDone(), "not while the database is away");
        written.get(10, TimeUnit.SECONDS);
        assertEquals(4, writer.storedOf("good-1"), "everything queued before asking is in");
        assertTrue(closed.isDone());
        assertTrue(writer.whenWritten("good-1").isDone(), "nothing queued since: at once");
    }

    @Test
    void aLaneSurvivesAnyThrowable() throws Exception {
        writer.blowUpOnce = true;
        var lost1 = writer.run("lost-1", 1);
        lost1.get(5, TimeUnit.SECONDS); // dropped, but its end is still told
        var good1 = writer.run("good-1", 1);
        good1.get(5, TimeUnit.SECONDS);
        assertEquals(3, writer.storedOf("good-1"));
    }

    @Test
    void dataAndConstraintErrorsAreFinalOthersPass() {
        assertTrue(BatchingProjectionWriter.refusedForGood(new SQLException("too long", "22001")));
        assertTrue(BatchingProjectionWriter.refusedForGood(new SQLException("fk", "23503")));
        assertTrue(BatchingProjectionWriter.refusedForGood(new IllegalStateException(new SQLException("x", "22P05"))));
        assertFalse(BatchingProjectionWriter.refusedForGood(new SQLException("refused", "08001")));
        assertFalse(BatchingProjectionWriter.refusedForGood(new SQLException("pool timed out")));
    }

    @Test
    void columnTextDropsNulAndCutsWithoutSplittingAPair() {
        assertEquals("ab", ColumnText.clean("a\0b"));
        assertEquals("abc", ColumnText.fit("abcdef", 3));
        assertEquals("ab", ColumnText.fit("ab\uD83D\uDE00", 3), "the emoji does not fit whole");
        assertEquals(null, ColumnText.fit(null, 3));
    }

    private static EngineEvent started(String id) {
        return new WorkflowStarted(
                1, id, Instant.now(), "app", 1, Json.createObjectBuilder().build(), RunOrigin.API);
    }

    private static EngineEvent finished(String id) {
        return new WorkflowFinished(
                9, id, Instant.now(), Json.createObjectBuilder().build(), 1, TokenUsage.NONE);
    }

    @Test
    void aLingerEndsWhenTheRunsOfTheBatchHaveEndedThoughNewRunsBegan() throws Exception {
        var queue = new LinkedBlockingQueue<EngineEvent>();
        List<EngineEvent> batch = new ArrayList<>(List.of(started("a")));
        queue.add(started("b")); // began while "a" was in the batch: its caller waits for no one
        queue.add(finished("a"));
        AtomicInteger pauses = new AtomicInteger();

        BatchingProjectionWriter.lingerForRunEnds(queue, batch, Long.MAX_VALUE / 2, nanos -> pauses.incrementAndGet());

        assertEquals(3, batch.size(), "the end of run a goes into the same commit");
        assertEquals(0, pauses.get(), "the lane does not wait on for run b, which began during the linger");
    }

    @Test
    void aLingeringLaneSleepsUntilARunOfTheBatchEndsNotForEachEvent() throws Exception {
        var queue = new LinkedBlockingQueue<EngineEvent>();
        List<EngineEvent> batch = new ArrayList<>(List.of(started("a")));
        queue.add(started("b"));
        queue.add(finished("b"));
        List<Long> pauses = new ArrayList<>();

        BatchingProjectionWriter.lingerForRunEnds(queue, batch, Long.MAX_VALUE / 2, nanos -> {
            pauses.add(nanos);
            queue.add(finished("a")); // what wakes the lane: a run's end is queued
        });

        assertEquals(4, batch.size(), "run b's events and run a's end");
        assertEquals(1, pauses.size(), "run a had not ended: the lane slept once, until it did");
    }

    @Test
    void aLingerIsOverWhenItsTimeIsUpThoughARunHasNotEnded() throws Exception {
        var queue = new LinkedBlockingQueue<EngineEvent>();
        List<EngineEvent> batch = new ArrayList<>(List.of(started("a")));

        BatchingProjectionWriter.lingerForRunEnds(queue, batch, 0, nanos -> {
            throw new AssertionError("no time left to sleep");
        });

        assertEquals(1, batch.size());
    }

    @Test
    void aRunsEndWakesALingeringLaneAtOnce() throws Exception {
        Recorder patient = new Recorder(Duration.ofHours(1));
        try {
            CompletableFuture<Void> closed = patient.whenClosed("a");
            patient.enqueue(started("a"));
            awaitLingering(patient.lane);

            patient.enqueue(finished("a"));

            closed.get(10, TimeUnit.SECONDS); // the linger would last an hour
            assertEquals(2, patient.storedOf("a"));
            assertEquals(1, patient.writes.get(), "the run went into one commit");
        } finally {
            patient.stop();
        }
    }

    private static boolean lingering(StackTraceElement frame) {
        return frame.getClassName().equals(BatchingProjectionWriter.class.getName())
                && frame.getMethodName().equals("park");
    }

    /** Waits (at most 10 s) until the lane has a run's first event and sleeps in its linger. */
    private static void awaitLingering(Thread lane) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (Arrays.stream(lane.getStackTrace()).noneMatch(BatchingProjectionWriterTest::lingering)
                || lane.getState() != Thread.State.TIMED_WAITING) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the lane never lingered: " + Arrays.toString(lane.getStackTrace()));
            }
            Thread.sleep(1);
        }
    }
}
