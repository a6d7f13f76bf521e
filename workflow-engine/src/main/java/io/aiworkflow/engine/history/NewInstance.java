package io.aiworkflow.engine.history;

import io.aiworkflow.domain.model.run.RunOrigin;
import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.engine.history.InstanceViews.Instance;
import io.aiworkflow.engine.history.InstanceViews.RunError;
import io.aiworkflow.engine.security.Caller;
import jakarta.json.JsonObject;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * The row of a run that begins: {@code draftDesign} is the design of an unsaved draft it runs
 * (with {@link InstanceStore#DRAFT_VERSION}), null for a published version; {@code lineage} the run
 * it replays or the bulk operation or schedule that started it.
 */
public record NewInstance(
        String id,
        String appId,
        long teamId,
        String designId,
        int version,
        JsonObject parameters,
        Caller startedBy,
        String serverId,
        Instant start,
        RunOrigin origin,
        String draftDesign,
        RunLineage lineage) {

    /** The columns {@link #bind} fills, in its order; the state is the sixth. */
    static final String COLUMNS = "id, app_id, team_id, workflow_design_id, version, state, parameters, started_by,"
            + " server_id, start_time, started_by_user_id, origin, draft_design, replay_of, bulk_operation_id,"
            + " bulk_item_seq, repeat_of, schedule_id, scheduled_time";

    static final int COLUMN_COUNT = 19;

    /** The insert of a run's row: {@link #COLUMNS}, then {@code moreCount} more columns named by {@code more}. */
    static String insert(String more, int moreCount) {
        return "insert into workflow_instance (" + COLUMNS + (moreCount == 0 ? "" : ", " + more) + ") values (?"
                + ", ?".repeat(COLUMN_COUNT + moreCount - 1) + ")";
    }

    /** Binds parameters 1 to {@link #COLUMN_COUNT} in the order of {@link #COLUMNS}. */
    void bind(PreparedStatement ps, String state) throws SQLException {
        ps.setString(1, id);
        ps.setString(2, appId);
        ps.setLong(3, teamId);
        ps.setString(4, designId);
        ps.setInt(5, version);
        ps.setString(6, state);
        ps.setString(7, Jsons.write(parameters));
        ps.setString(8, startedBy.name());
        ps.setString(9, serverId);
        StoredValues.bindTime(ps, 10, start);
        ps.setObject(11, startedBy.userId(), Types.BIGINT);
        ps.setString(12, origin.name());
        ps.setString(13, draftDesign);
        ps.setString(14, lineage.replayOf());
        ps.setString(15, lineage.bulkOperationId());
        ps.setObject(16, lineage.bulkItemSeq(), Types.INTEGER);
        ps.setString(17, lineage.repeatOf());
        ps.setString(18, lineage.scheduleId());
        StoredValues.bindTime(ps, 19, lineage.scheduledTime());
    }

    /**
     * The run as {@link InstanceStore#get} reads it back when this row went in already ended, in one
     * commit with all its node rows.
     */
    Instance asWritten(RunOutcome end, List<NodeRow> nodes) {
        String code = end.storedCode();
        return new Instance(
                id,
                appId,
                teamId,
                designId,
                version,
                end.state().wire(),
                StoredValues.readTime(start),
                StoredValues.readTime(end.end()),
                end.duration(),
                parameters,
                end.result().value(),
                code == null ? null : new RunError(code, end.storedMessage()),
                StoredValues.tokens(end.tokens()),
                startedBy.name(),
                lineage.replayOf(),
                lineage.bulkOperationId(),
                lineage.repeatOf(),
                lineage.scheduleId(),
                StoredValues.readTime(lineage.scheduledTime()),
                nodes.stream()
                        .sorted(Comparator.comparingLong(NodeRow::seq))
                        .map(NodeRow::view)
                        .toList());
    }
}
