package io.aiworkflow.engine.history;

import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.engine.security.Caller;
import io.aiworkflow.engine.trace.DeflatedText;
import io.aiworkflow.engine.trace.TraceLevel;
import io.aiworkflow.engine.trace.TracedEvents;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a run's persisted trace: {@code {instanceId, frames:[…]}} in order, its frames projected from
 * its stored events (see {@link TracedEvents}), or as stored for runs traced before.
 */
@ApplicationScoped
public class TraceStore {

    @Resource(lookup = "jdbc/workflow")
    private DataSource dataSource;

    @Inject
    private InstanceStore instances;

    /** For CDI. */
    public TraceStore() {}

    /** Outside the container (tests). */
    public TraceStore(DataSource dataSource, InstanceStore instances) {
        this.dataSource = dataSource;
        this.instances = instances;
    }

    /** INSTANCE_NOT_FOUND for an unknown instance or one of another team. */
    public JsonObject trace(Caller caller, String instanceId) {
        instances.stateOf(caller, instanceId);
        JsonArrayBuilder frames = Jsons.array();
        try (Connection c = dataSource.getConnection()) {
            storedFrames(c, instanceId, frames);
            List<TracedEvents.Row> rows = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "select level, events_deflated from trace_event where instance_id = ? order by seq")) {
                ps.setString(1, instanceId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new TracedEvents.Row(
                                TraceLevel.parse(rs.getString(1)), DeflatedText.inflate(rs.getBytes(2))));
                    }
                }
            }
            TracedEvents.frames(instanceId, rows).forEach(frames::add);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return Jsons.object()
                .add("instanceId", instanceId)
                .add("frames", frames)
                .build();
    }

    /** The frames of a run traced before its events were stored instead: as they were written. */
    private static void storedFrames(Connection c, String instanceId, JsonArrayBuilder frames) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "select payload_deflated, payload, last_seq from trace_frame where instance_id = ? order by seq")) {
            ps.setString(1, instanceId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byte[] deflated = rs.getBytes(1);
                    // rows written before the platform compressed frames hold them as text
                    JsonValue payload =
                            Jsons.parse(deflated != null ? DeflatedText.inflate(deflated) : rs.getString(2));
                    rs.getLong(3);
                    if (rs.wasNull()) {
                        frames.add(payload); // one frame, as rows were written before frames were batched
                    } else {
                        payload.asJsonArray().forEach(frames::add);
                    }
                }
            }
        }
    }
}
