package io.aiworkflow.engine.runs;

import io.aiworkflow.engine.execution.RunLease;
import io.aiworkflow.engine.history.InstanceStore;
import io.aiworkflow.engine.history.ServerHeartbeat;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The executor's {@link RunLease} on a server that shares one database with others: a run is this
 * server's while its instance row says so, checked (and leased) in the database before each step
 * that moves a waiting or running run on from outside: a confirmation, its timeout, a cancel.
 */
@ApplicationScoped
public class ServerRunLease implements RunLease {

    @Inject
    private InstanceStore instances;

    @Inject
    private ServerHeartbeat server;

    /** read once: the heartbeat singleton's lock may be held by a beat while the database is slow */
    private volatile String serverId;

    @Override
    public boolean hold(String instanceId) {
        String id = serverId;
        if (id == null) {
            serverId = id = server.serverId();
        }
        return instances.lease(instanceId, id);
    }
}
