package io.aiworkflow.engine.insight;

import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.engine.history.InstanceViews.StoredEvent;
import io.aiworkflow.engine.history.WaitingConfirmation;
import io.aiworkflow.engine.security.Caller;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The confirmations waiting on a person: nodes of the team's waiting runs that name them as an
 * assignee, or name nobody while they may change data. Admins may answer any confirmation, but
 * their inbox, like everyone's, holds what is theirs to answer.
 */
@ApplicationScoped
public class PendingConfirmations {

    /** Most waiting runs one inbox reads; the oldest come first. */
    public static final int MAX_RUNS = 500;

    @Resource(lookup = "jdbc/workflow")
    private DataSource dataSource;

    public record Pending(
            String instanceId,
            String appId,
            String appName,
            String nodeKey,
            String nodeName,
            List<String> assignees,
            OffsetDateTime runStarted,
            OffsetDateTime since) {}

    public List<Pending> waitingOn(Caller caller) {
        record Run(String appId, String appName, OffsetDateTime started, List<StoredEvent> events) {}
        Map<String, Run> runs = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("select i.id, i.app_id, a.name, i.start_time, e.seq, e.payload"
                                + " from (select id, app_id, start_time from workflow_instance"
                                + " where team_id = ? and state = 'Waiting' order by start_time limit " + MAX_RUNS
                                + ") i"
                                + " join app a on a.id = i.app_id"
                                + " join instance_event e on e.instance_id = i.id"
                                + " order by i.start_time, i.id, e.seq")) {
            ps.setLong(1, caller.teamId());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String appId = rs.getString(2);
                    String appName = rs.getString(3);
                    OffsetDateTime started = rs.getTimestamp(4).toInstant().atOffset(ZoneOffset.UTC);
                    StoredEvent event = new StoredEvent(
                            rs.getLong(5), Jsons.parse(rs.getString(6)).asJsonObject());
                    runs.computeIfAbsent(rs.getString(1), id -> new Run(appId, appName, started, new ArrayList<>()))
                            .events()
                            .add(event);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the waiting runs", e);
        }
        List<Pending> pending = new ArrayList<>();
        runs.forEach((id, run) -> {
            for (WaitingConfirmation w : WaitingConfirmation.of(run.events())) {
                if (waitsOn(caller, w.assignees())) {
                    pending.add(new Pending(
                            id,
                            run.appId(),
                            run.appName(),
                            w.nodeKey(),
                            w.nodeName(),
                            w.assignees() == null ? List.of() : w.assignees().getValuesAs(JsonString::getString),
                            run.started(),
                            w.since()));
                }
            }
        });
        return pending;
    }

    private static boolean waitsOn(Caller caller, JsonArray assignees) {
        if (assignees == null) {
            return caller.role().canWrite();
        }
        return assignees.stream()
                .anyMatch(a -> a instanceof JsonString s && s.getString().equals(caller.name()));
    }
}
