package io.aiworkflow.engine.status;

import io.aiworkflow.domain.definition.FunctionDesign;
import io.aiworkflow.domain.definition.FunctionDesignReader;
import io.aiworkflow.domain.shared.ErrorCode;
import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.domain.shared.WorkflowException;
import io.aiworkflow.engine.history.InstanceStore;
import io.aiworkflow.engine.history.InstanceViews;
import io.aiworkflow.engine.security.Caller;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The status endpoint's data: the run's history rows and the design of the version it ran, as a {@link StatusReport}. */
@ApplicationScoped
public class StatusService {

    @Resource(lookup = "jdbc/workflow")
    private DataSource dataSource;

    @Inject
    private InstanceStore instances;

    /** INSTANCE_NOT_FOUND for an unknown instance or one of another team. */
    public JsonObject status(Caller caller, String instanceId) {
        instances.stateOf(caller, instanceId);
        try (Connection c = dataSource.getConnection()) {
            FunctionDesign design = design(c, instanceId);
            List<StatusReport.Execution> executions = new ArrayList<>();
            try (PreparedStatement ps =
                    c.prepareStatement("select seq, node_key, invoke_id, state, start_time, end_time,"
                            + " input, output, error_code, error_message, branch from node_execution where instance_id = ?"
                            + " order by seq")) {
                ps.setString(1, instanceId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        executions.add(new StatusReport.Execution(
                                rs.getLong(1),
                                rs.getString(2),
                                rs.getString(3),
                                rs.getString(4),
                                instant(rs.getTimestamp(5)),
                                instant(rs.getTimestamp(6)),
                                json(rs.getString(7)),
                                json(rs.getString(8)),
                                rs.getString(9),
                                rs.getString(10),
                                rs.getString(11)));
                    }
                }
            }
            List<String> started = new ArrayList<>();
            for (InstanceViews.StoredEvent e : instances.eventsAfter(instanceId, 0)) {
                JsonObject p = e.payload();
                if ("node_start".equals(p.getString("type", ""))) {
                    started.add(p.getString("invokeId", p.getString("nodeKey", "")));
                }
            }
            return StatusReport.build(instanceId, design, executions, started);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static FunctionDesign design(Connection c, String instanceId) throws SQLException {
        // a run of an unsaved draft keeps its own design
        try (PreparedStatement ps = c.prepareStatement("select coalesce(i.draft_design, v.function_design)"
                + " from workflow_instance i left join app_workflow_version v"
                + " on v.app_id = i.app_id and v.version = i.version where i.id = ?")) {
            ps.setString(1, instanceId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getString(1) == null) {
                    throw new WorkflowException(
                            ErrorCode.INSTANCE_NOT_FOUND, "no design recorded for instance " + instanceId);
                }
                return FunctionDesignReader.read(Jsons.parse(rs.getString(1)));
            }
        }
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static JsonValue json(String text) {
        return text == null ? null : Jsons.parse(text);
    }
}
