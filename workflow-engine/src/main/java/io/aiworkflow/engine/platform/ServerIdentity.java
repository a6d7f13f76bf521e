package io.aiworkflow.engine.platform;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

/**
 * This server's id among those sharing one database, new at each start: history records it on the
 * runs it opens, the heartbeat announces it, leases and take-overs compare it.
 */
@ApplicationScoped
public class ServerIdentity {

    private final String serverId = UUID.randomUUID().toString();

    public String serverId() {
        return serverId;
    }
}
