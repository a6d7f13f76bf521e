package io.aiworkflow.bench;

import io.aiworkflow.engine.event.ApiEvents;
import io.aiworkflow.engine.event.EngineEvent;
import io.aiworkflow.engine.event.NodeFinished;
import io.aiworkflow.engine.event.WorkflowFinished;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The floor: per execution, one JDBC transaction writing exactly the rows the engine's history
 * ends up with for one run of the bench design: the workflow_instance row, its 12 node_execution
 * rows, its 25 instance_event rows (the API events, same payloads) and the closing update. The
 * values come from a real engine run, so sizes match; no JSON work, no engine, one connection per
 * client with statements prepared once.
 */
final class JdbcFloor {

    private record EventRow(long seq, String payload) {}

    private record NodeRow(long seq, NodeFinished f, String input, String output) {}

    private final String templateId;
    private final String appId;
    private final long teamId;
    private final String parameters = BenchDesign.parameters().toString();
    private final List<EventRow> events = new ArrayList<>();
    private final List<NodeRow> nodes = new ArrayList<>();
    private final WorkflowFinished finished;

    JdbcFloor(List<EngineEvent> captured, String appId, long teamId) {
        this.appId = appId;
        this.teamId = teamId;
        this.templateId = captured.get(0).instanceId();
        WorkflowFinished end = null;
        for (EngineEvent e : captured) {
            ApiEvents.toJson(e).ifPresent(json -> events.add(new EventRow(e.sequence(), json.toString())));
            if (e instanceof NodeFinished f) {
                nodes.add(new NodeRow(
                        f.sequence(), f, f.inputs().toString(), f.outputs().toString()));
            } else if (e instanceof WorkflowFinished f) {
                end = f;
            }
        }
        finished = end;
        if (events.size() != BenchDesign.API_EVENTS || nodes.size() != BenchDesign.NODES || finished == null) {
            throw new IllegalStateException(
                    "unexpected run shape: " + events.size() + " events, " + nodes.size() + " node executions");
        }
    }

    String shape() {
        int bytes = 0;
        for (EventRow e : events) {
            bytes += e.payload.length();
        }
        for (NodeRow n : nodes) {
            bytes += n.input.length() + n.output.length();
        }
        return "1 instance insert + " + nodes.size() + " node_execution + " + events.size()
                + " instance_event rows + 1 instance update per transaction (~" + bytes / 1024 + " KiB of JSON)";
    }

    /** A client: its own connection and statements. */
    Load.Execution client(DataSource dataSource) throws SQLException {
        return client(dataSource, false);
    }

    /**
     * With {@code engineSql}, the history rows are written with the history writer's idempotent
     * statements ({@code on conflict do nothing}, {@code where not exists}) instead of plain inserts:
     * shows what those clauses cost (diagnostic scenario, not part of the default run).
     */
    Load.Execution client(DataSource dataSource, boolean engineSql) throws SQLException {
        Connection c = dataSource.getConnection();
        c.setAutoCommit(false);
        PreparedStatement open = c.prepareStatement("insert into workflow_instance (id, app_id, team_id,"
                + " workflow_design_id, version, state, parameters, started_by, server_id, start_time)"
                + " values (?, ?, ?, ?, ?, 'Running', ?, ?, ?, ?)");
        PreparedStatement event =
                c.prepareStatement("insert into instance_event (instance_id, seq, payload) values (?, ?, ?)"
                        + (engineSql ? " on conflict do nothing" : ""));
        String nodeColumns = "insert into node_execution (instance_id, seq, node_key, invoke_id,"
                + " node_name, node_type, state, start_time, end_time, duration_ms, input, output, error_code,"
                + " error_message, attempt, branch, prompt_tokens, completion_tokens, total_tokens, embedding_tokens,"
                + " rerank_tokens)";
        PreparedStatement node = c.prepareStatement(
                engineSql
                        ? nodeColumns
                                + " select ?, ?, ?, ?, ?, ?, 'Completed', ?, ?, ?, ?, ?, null, null, ?, ?, 0, 0, 0, 0, 0"
                                + " where not exists (select 1 from node_execution where instance_id = ? and seq = ?)"
                        : nodeColumns
                                + " values (?, ?, ?, ?, ?, ?, 'Completed', ?, ?, ?, ?, ?, null, null, ?, ?, 0, 0, 0, 0, 0)");
        PreparedStatement close = c.prepareStatement("update workflow_instance set state = 'Completed', result = ?,"
                + " error_code = null, error_message = null, end_time = ?, duration_ms = ?, prompt_tokens = 0,"
                + " completion_tokens = 0, total_tokens = 0, embedding_tokens = 0, rerank_tokens = 0 where id = ?");
        String result = finished.result().toString();
        return () -> {
            String id = UUID.randomUUID().toString();
            Timestamp now = Timestamp.from(Instant.now());
            try {
                open.setString(1, id);
                open.setString(2, appId);
                open.setLong(3, teamId);
                open.setString(4, null);
                open.setInt(5, 1);
                open.setString(6, parameters);
                open.setString(7, "bench");
                open.setString(8, "bench");
                open.setTimestamp(9, now);
                open.executeUpdate();
                for (EventRow e : events) {
                    event.setString(1, id);
                    event.setLong(2, e.seq);
                    event.setString(3, e.payload.replace(templateId, id));
                    event.addBatch();
                }
                event.executeBatch();
                for (NodeRow n : nodes) {
                    node.setString(1, id);
                    node.setLong(2, n.seq);
                    node.setString(3, n.f.node().nodeKey());
                    node.setString(4, n.f.node().invokeId());
                    node.setString(5, n.f.node().nodeName());
                    node.setString(6, n.f.node().nodeType());
                    node.setTimestamp(7, now);
                    node.setTimestamp(8, now);
                    node.setLong(9, n.f.durationMs());
                    node.setString(10, n.input);
                    node.setString(11, n.output);
                    node.setInt(12, n.f.attempt());
                    node.setString(13, n.f.branch());
                    if (engineSql) {
                        node.setString(14, id);
                        node.setLong(15, n.seq);
                    }
                    node.addBatch();
                }
                node.executeBatch();
                close.setString(1, result);
                close.setTimestamp(2, now);
                close.setLong(3, finished.durationMs());
                close.setString(4, id);
                close.executeUpdate();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        };
    }
}
