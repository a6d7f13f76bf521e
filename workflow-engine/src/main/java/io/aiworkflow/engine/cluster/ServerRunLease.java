package io.aiworkflow.engine.cluster;

import io.aiworkflow.engine.execution.RunLease;
import io.aiworkflow.engine.history.InstanceStore;
import io.aiworkflow.engine.platform.ServerIdentity;
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
    private ServerIdentity server;

    @Override
    public boolean hold(String instanceId) {
        return instances.lease(instanceId, server.serverId());
    }
}
