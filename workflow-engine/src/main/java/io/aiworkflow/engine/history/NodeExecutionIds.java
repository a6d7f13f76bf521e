package io.aiworkflow.engine.history;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * A node execution's id as the API shows it (instance detail, status snapshots, a replay's
 * {@code reusedFrom}): a name-based UUID of its run and the sequence number of the event that ended
 * it, so it is the same on every read and on every server.
 */
public final class NodeExecutionIds {

    private NodeExecutionIds() {}

    public static String of(String instanceId, long seq) {
        return UUID.nameUUIDFromBytes((instanceId + "/" + seq).getBytes(StandardCharsets.UTF_8))
                .toString();
    }
}
