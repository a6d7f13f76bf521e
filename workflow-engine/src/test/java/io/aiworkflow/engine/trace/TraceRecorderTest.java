package io.aiworkflow.engine.trace;

import io.aiworkflow.domain.definition.FunctionDesign;
import io.aiworkflow.domain.model.run.RunOrigin;
import io.aiworkflow.domain.model.security.Role;
import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.engine.event.EngineEvent;
import io.aiworkflow.engine.event.NodeFinished;
import io.aiworkflow.engine.event.WaitingForHuman;
import io.aiworkflow.engine.event.WorkflowFinished;
import io.aiworkflow.engine.event.WorkflowStarted;
import io.aiworkflow.engine.execution.ResumePoint;
import io.aiworkflow.engine.execution.RunHandle;
import io.aiworkflow.engine.execution.RunRequest;
import io.aiworkflow.engine.history.HistoryWriter;
import io.aiworkflow.engine.history.InstanceStore;
import io.aiworkflow.engine.history.NewInstance;
import io.aiworkflow.engine.history.PendingInstances;
import io.aiworkflow.engine.history.RunLineage;
import io.aiworkflow.engine.history.TraceStore;
import io.aiworkflow.engine.security.Caller;
import io.aiworkflow.engine.support.Engines;
import io.aiworkflow.engine.support.Eventually;
import io.aiworkflow.engine.support.J;
import io.aiworkflow.engine.support.Postgres;
import io.aiworkflow.engine.support.Projections;
import io.aiworkflow.engine.support.RecordingSink;
import io.aiworkflow.engine.support.TestNode;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.aiworkflow.engine.support.DesignBuilder.design;
import static io.aiworkflow.engine.support.Fields.fixed;
import static io.aiworkflow.engine.support.Fields.fixedJson;
import static io.aiworkflow.engine.support.Fields.param;
import static io.aiworkflow.engine.support.Fields.var;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The persisted trace against a real PostgreSQL, fed with real engine events through the history
 * writer that stores it: a run's frames are stored in order as the projector makes them, as much as
 * its app's trace level keeps, in the commit of the run's history, and a run whose frames the
 * database refuses loses only its own trace.
 */
class TraceRecorderTest {

    private static final String SERVER = "trace-test-server";

    private static DataSource db;
    private static TraceRecorder traces;
    private static HistoryWriter history;
    private static InstanceStore instances;
    private static long team;
    private static Caller owner;

    private final Engines engines = new Engines();

    @BeforeAll
    static void database() {
        db = Postgres.migrated();
        instances = new InstanceStore(db);
        traces = new TraceRecorder(db);
        history = new HistoryWriter(db, Projections.daemons(), SERVER, new PendingInstances(), traces);
        history.start();
        team = Postgres.team();
        owner = new Caller(5L, "ada", team, Role.editor);
        // a database that refuses for good (SQLState 23514) the frames of runs whose id ends in an
        // upper-case BB, as the second of Projections.oneLane's ids does and no UUID's text can
        Postgres.update("""
                create or replace function refuse_traced_poison() returns trigger language plpgsql as $$
                begin
                    if new.instance_id like '%BB' then
                        raise exception 'frames of % refused', new.instance_id using errcode = 'check_violation';
                    end if;
                    return new;
                end $$""");
        Postgres.update("drop trigger if exists refuse_traced_poison on trace_event");
        Postgres.update("create trigger refuse_traced_poison before insert on trace_event"
                + " for each row execute function refuse_traced_poison()");
    }

    @AfterAll
    static void stop() {
        history.stop();
    }

    @AfterEach
    void close() throws Exception {
        engines.close();
    }

    private static RunRequest opened(String id, String app, FunctionDesign design, JsonObject parameters) {
        instances.open(id, app, team, "design-1", 1, parameters, owner, SERVER, Instant.now());
        return new RunRequest(id, app, 1, team, owner.userId(), design, parameters);
    }

    /** Runs the design to its end with its events going to {@code writer}; returns them once its frames are in. */
    private RecordingSink run(HistoryWriter writer, String app, FunctionDesign design, JsonObject parameters)
            throws Exception {
        return run(writer, app, design, parameters, null);
    }

    /**
     * As above; with {@code announcedAs} set, the run is announced at that level first, as a server
     * start does, and its frames are projected as its events are published.
     */
    private RecordingSink run(
            HistoryWriter writer, String app, FunctionDesign design, JsonObject parameters, TraceLevel announcedAs)
            throws Exception {
        String id = UUID.randomUUID().toString();
        if (announcedAs != null) {
            // the name the app's row has (Postgres.app), as the start would have read it
            traces.expect(id, announcedAs, "app " + app);
        }
        RecordingSink sink = new RecordingSink();
        var closed = writer.whenClosed(id);
        engines.executor.runToEnd(
                opened(id, app, design, parameters), Projections.to(sink, writer::onEvent), Duration.ofSeconds(10));
        closed.get(10, TimeUnit.SECONDS);
        return sink;
    }

    private static String id(RecordingSink sink) {
        return sink.events().get(0).instanceId();
    }

    /**
     * The run's frames as its trace reads, its rows checked to hold its events' sequence numbers in
     * order, without overlaps.
     */
    private static List<JsonObject> stored(String instanceId) {
        List<List<String>> rows =
                Postgres.rows("select seq, last_seq from trace_event where instance_id = ? order by seq", instanceId);
        if (rows.isEmpty()) {
            return List.of();
        }
        long last = 0;
        for (List<String> row : rows) {
            assertTrue(Long.parseLong(row.get(0)) > last, "a row begins after the one before: " + rows);
            last = Long.parseLong(row.get(1));
            assertTrue(last >= Long.parseLong(row.get(0)), "a row's range: " + rows);
        }
        return new TraceStore(db, instances)
                .trace(owner, instanceId)
                .getJsonArray("frames")
                .getValuesAs(JsonObject.class);
    }

    /** The run's stored rows, inflated. */
    private static String storedText(String instanceId) {
        StringBuilder text = new StringBuilder();
        for (List<String> row : Postgres.rows(
                "select events_deflated from trace_event where instance_id = ? order by seq", instanceId)) {
            // bytea as text: \x then hex
            text.append(DeflatedText.inflate(HexFormat.of().parseHex(row.get(0).substring(2))));
        }
        return text.toString();
    }

    /** What the trace of these events holds at this level. */
    private static List<JsonObject> expected(List<EngineEvent> events, TraceLevel level) {
        // the writer names the workflow after its app, which Postgres.app calls "app <id>"
        String appName = "app " + ((WorkflowStarted) events.get(0)).appId();
        return TraceFrameProjector.project(appName, events, level);
    }

    private static List<String> statuses(List<JsonObject> frames) {
        return frames.stream()
                .map(f -> f.getString("type").equals("workflow_final")
                        ? "final"
                        : f.getJsonObject("payload").getString("componentId", "workflow") + ":"
                                + f.getJsonObject("payload").getString("status"))
                .toList();
    }

    /** start → t (traces, fails once and is retried) → end. */
    private static FunctionDesign traced() {
        return design().start(param("x", "String", true))
                .node(
                        "t",
                        TestNode.TYPE,
                        var("echo", "input.x"),
                        fixedJson("trace", "{'step':'fetch'}"),
                        fixed("failTimes", 1),
                        fixedJson("retry", "{'count':1}"))
                .end(var("echo", "t.echo"))
                .chain("start", "t", "end")
                .build();
    }

    /** {@link #traced()} in a new app at {@code level}, with {@code x}; announced at that level, or not. */
    private RecordingSink runTraced(String level, String x, boolean announced) throws Exception {
        return run(
                history,
                Postgres.app(team, level),
                traced(),
                Jsons.object().add("x", x).build(),
                announced ? TraceLevel.parse(level) : null);
    }

    @ParameterizedTest(name = "announced: {0}")
    @ValueSource(booleans = {false, true})
    void aRunsFramesAreStoredInOrderAsTheProjectorMakesThem(boolean announced) throws Exception {
        RecordingSink sink = runTraced("full", "hello", announced);

        List<JsonObject> frames = stored(id(sink));

        assertEquals(expected(sink.events(), TraceLevel.FULL), frames);
        assertEquals(
                List.of(
                        "workflow:start",
                        "start:start",
                        "start:finish",
                        "t:start",
                        "t:running",
                        "t:error",
                        "t:running",
                        "t:finish",
                        "end:start",
                        "end:finish",
                        "workflow:finish",
                        "final"),
                statuses(frames),
                "the failed attempt is an error frame, each attempt's trace a running one");
        assertEquals(
                ((WorkflowFinished) sink.events().get(sink.events().size() - 1)).result(),
                frames.get(frames.size() - 1).get("payload"));
        assertEquals(
                J.obj("{'echo':'hello','attempt':2}"),
                frames.get(7).getJsonObject("payload").get("outputs"));
    }

    @ParameterizedTest(name = "announced: {0}")
    @ValueSource(booleans = {false, true})
    void theStepsLevelKeepsEveryFrameWithoutPayloads(boolean announced) throws Exception {
        RecordingSink sink = runTraced("steps", "secret prompt", announced);

        List<JsonObject> frames = stored(id(sink));

        assertEquals(expected(sink.events(), TraceLevel.STEPS), frames);
        assertEquals(statuses(expected(sink.events(), TraceLevel.FULL)), statuses(frames));
        assertTrue(frames.stream().noneMatch(f -> f.toString().contains("secret prompt")), frames.toString());
        assertFalse(storedText(id(sink)).contains("secret prompt"), "nor does what is stored");
    }

    @ParameterizedTest(name = "announced: {0}")
    @ValueSource(booleans = {false, true})
    void aLongPayloadIsCutOnceAndStoredCut(boolean announced) throws Exception {
        String x = "x".repeat(TraceLevel.MAX_PAYLOAD_CHARS * 4);
        RecordingSink sink = runTraced("full", x, announced);

        List<JsonObject> frames = stored(id(sink));

        assertEquals(expected(sink.events(), TraceLevel.FULL), frames);
        JsonObject inputs = frames.get(0).getJsonObject("payload").getJsonObject("inputs");
        assertEquals(TraceLevel.MAX_PAYLOAD_CHARS * 4 + "{'x':''}".length(), inputs.getInt("originalChars"));
        assertEquals(TraceLevel.MAX_PAYLOAD_CHARS, inputs.getString("preview").length());
        // the run's inputs, t's inputs and outputs, end's and the result: cut before they were stored
        int storedChars = storedText(id(sink)).length();
        assertTrue(storedChars < 12 * TraceLevel.MAX_PAYLOAD_CHARS, "stored: " + storedChars + " chars");
    }

    @Test
    void anAnnouncedRunKeepsTheLevelAndNameItWasStartedWith() throws Exception {
        String app = Postgres.app(team, "full");
        String id = UUID.randomUUID().toString();
        RecordingSink sink = new RecordingSink();
        var closed = history.whenClosed(id);
        // the level the start checked; the app's row says full
        traces.expect(id, TraceLevel.STEPS, "checked name");
        engines.executor.runToEnd(
                opened(id, app, traced(), J.obj("{'x':'secret prompt'}")),
                Projections.to(sink, history::onEvent),
                Duration.ofSeconds(10));
        closed.get(10, TimeUnit.SECONDS);

        List<JsonObject> frames = stored(id);

        assertEquals(statuses(expected(sink.events(), TraceLevel.FULL)), statuses(frames));
        assertTrue(frames.stream().noneMatch(f -> f.toString().contains("secret prompt")), frames.toString());
        assertEquals("checked name", frames.get(0).getJsonObject("payload").getString("workflowName"));
    }

    @Test
    void theNoneLevelStoresNoFrames() throws Exception {
        RecordingSink sink = runTraced("none", "hello", false);

        assertEquals(List.of(), stored(id(sink)));
        assertTrue(sink.events().size() > 5, "the run itself ran: " + sink.lines());
    }

    @ParameterizedTest(name = "announced: {0}")
    @ValueSource(booleans = {false, true})
    void aRunWaitingForAPersonIsTracedAcrossBatchesWithoutGaps(boolean announced) throws Exception {
        String app = Postgres.app(team, "full");
        FunctionDesign d = design().start()
                .node("t", TestNode.TYPE, fixed("echo", "x"), fixed("needHumanConfirm", true))
                .end(var("echo", "t.echo"))
                .chain("start", "t", "end")
                .build();
        String id = UUID.randomUUID().toString();
        if (announced) {
            traces.expect(id, TraceLevel.FULL, "app " + app);
        }
        RecordingSink sink = new RecordingSink();
        var closed = history.whenClosed(id);
        RunHandle handle =
                engines.executor.start(opened(id, app, d, Jsons.EMPTY_OBJECT), Projections.to(sink, history::onEvent));
        Eventually.assertTrue(() -> !sink.all(WaitingForHuman.class).isEmpty(), "t waits");
        history.whenWritten(id).get(10, TimeUnit.SECONDS);
        assertEquals(List.of("workflow:start", "start:start", "start:finish", "t:interrupted"), statuses(stored(id)));

        handle.confirm("t", true, null);
        handle.await(Duration.ofSeconds(10));
        closed.get(10, TimeUnit.SECONDS);

        assertEquals(expected(sink.events(), TraceLevel.FULL), stored(id));
    }

    @Test
    void aRunWhoseFramesAreRefusedLosesOnlyItsOwnTraceNotItsHistory() throws Exception {
        Projections.Gate gate = new Projections.Gate();
        HistoryWriter gated = new HistoryWriter(db, gate, SERVER, new PendingInstances(), new TraceRecorder(db));
        gated.start();
        try {
            String app = Postgres.app(team, "full");
            // one lane: both runs are in one batch, one commit, once the gate opens
            String[] ids = Projections.oneLane();
            RecordingSink kept = new RecordingSink();
            RecordingSink refused = new RecordingSink();
            var keptClosed = gated.whenClosed(ids[0]);
            var refusedClosed = gated.whenClosed(ids[1]);
            engines.executor.runToEnd(
                    opened(ids[0], app, traced(), J.obj("{'x':'a'}")),
                    Projections.to(kept, gated::onEvent),
                    Duration.ofSeconds(10));
            // the database refuses its frames
            engines.executor.runToEnd(
                    opened(ids[1], app, traced(), J.obj("{'x':'b'}")),
                    Projections.to(refused, gated::onEvent),
                    Duration.ofSeconds(10));

            gate.open();
            keptClosed.get(10, TimeUnit.SECONDS);
            refusedClosed.get(10, TimeUnit.SECONDS);

            assertEquals(expected(kept.events(), TraceLevel.FULL), stored(ids[0]));
            assertEquals(List.of(), stored(ids[1]));
            for (String id : ids) {
                assertEquals("Completed", instances.get(owner, id).state(), "the history of " + id);
                assertEquals(
                        List.of(List.of("3")),
                        Postgres.rows("select count(*) from node_execution where instance_id = ?", id),
                        "start, t and end");
            }
            RecordingSink after = run(gated, app, traced(), J.obj("{'x':'c'}"));
            assertEquals(expected(after.events(), TraceLevel.FULL), stored(id(after)), "the lane goes on");
        } finally {
            gated.stop();
        }
    }

    @Test
    void aRunsFramesAreCommittedWithItsHistoryNotBefore() throws Exception {
        String app = Postgres.app(team, "full");
        PendingInstances openings = new PendingInstances();
        Projections.Gate historyGate = new Projections.Gate();
        HistoryWriter held = new HistoryWriter(db, historyGate, SERVER, openings, new TraceRecorder(db));
        held.start();
        try {
            String id = UUID.randomUUID().toString();
            var opened = openings.register(new NewInstance(
                    id,
                    app,
                    team,
                    "design-1",
                    1,
                    J.obj("{'x':'a'}"),
                    owner,
                    SERVER,
                    Instant.now(),
                    RunOrigin.API,
                    null,
                    RunLineage.NONE));
            RecordingSink sink = new RecordingSink();
            engines.executor.runToEnd(
                    new RunRequest(id, app, 1, team, owner.userId(), traced(), J.obj("{'x':'a'}")),
                    Projections.to(sink, held::onEvent),
                    Duration.ofSeconds(10));

            assertFalse(opened.isDone(), "the history writer is held: the run has no row yet");
            assertEquals(List.of(), stored(id), "nor any frame");

            historyGate.open();
            opened.get(10, TimeUnit.SECONDS);
            assertEquals("Completed", instances.get(owner, id).state());
            assertEquals(expected(sink.events(), TraceLevel.FULL), stored(id), "all its frames, in the same commit");
        } finally {
            held.stop();
        }
    }

    /**
     * A waiting run whose server stopped: its frames so far are stored by the old server's writer;
     * the new server's writer (fresh, as after a restart) gets the events of the resumed run.
     */
    private List<JsonObject> resumedOnANewServer(String traceLevel) throws Exception {
        String app = Postgres.app(team, traceLevel);
        FunctionDesign d = design().start()
                .node("t", TestNode.TYPE, fixed("echo", "x"), fixed("needHumanConfirm", true))
                .end(var("echo", "t.echo"))
                .chain("start", "t", "end")
                .build();
        String id = UUID.randomUUID().toString();
        RunRequest request = opened(id, app, d, Jsons.EMPTY_OBJECT);
        HistoryWriter before =
                new HistoryWriter(db, Projections.daemons(), SERVER, new PendingInstances(), new TraceRecorder(db));
        before.start();
        AtomicBoolean serverUp = new AtomicBoolean(true);
        RecordingSink first = new RecordingSink();
        RunHandle stopped = engines.executor.start(request, Projections.to(first, e -> {
            if (serverUp.get()) {
                before.onEvent(e);
            }
        }));
        Eventually.assertTrue(() -> !first.all(WaitingForHuman.class).isEmpty(), "t waits");
        before.whenWritten(id).get(10, TimeUnit.SECONDS);
        serverUp.set(false);
        before.stop();
        stopped.cancel();

        HistoryWriter after =
                new HistoryWriter(db, Projections.daemons(), SERVER, new PendingInstances(), new TraceRecorder(db));
        after.start();
        try {
            var closed = after.whenClosed(id);
            NodeFinished start = first.first(NodeFinished.class, "start");
            List<EngineEvent> recorded = first.events();
            RunHandle resumed = engines.executor.resume(
                    request,
                    ResumePoint.topLevel(
                            recorded.get(recorded.size() - 1).sequence() + 1_000,
                            recorded.get(0).timestamp(),
                            Map.of("start", new ResumePoint.EndedNode(true, start.outputs(), null)),
                            Map.of("t", first.first(WaitingForHuman.class, "t").timestamp())),
                    Projections.to(new RecordingSink(), after::onEvent));
            Eventually.assertTrue(() -> resumed.waitingNodes().contains("t"), "t waits again");
            resumed.confirm("t", true, null);
            resumed.await(Duration.ofSeconds(10));
            closed.get(10, TimeUnit.SECONDS);
            return stored(id);
        } finally {
            after.stop();
        }
    }

    @Test
    void aResumedRunKeepsItsAppsTraceLevel() throws Exception {
        assertEquals(List.of(), resumedOnANewServer("none"), "an app whose traces keep nothing");
    }

    @Test
    void aResumedRunsFramesFollowThoseStoredBeforeTheRestart() throws Exception {
        // the new server stops t for its person again: a second interrupted frame, as the tracer sends
        // when a resumed workflow reaches the interaction again
        assertEquals(
                List.of(
                        "workflow:start",
                        "start:start",
                        "start:finish",
                        "t:interrupted",
                        "t:interrupted",
                        "t:start",
                        "t:finish",
                        "end:start",
                        "end:finish",
                        "workflow:finish",
                        "final"),
                statuses(resumedOnANewServer("full")));
    }
}
