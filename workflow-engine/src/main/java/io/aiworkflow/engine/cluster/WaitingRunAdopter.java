package io.aiworkflow.engine.cluster;

import jakarta.ejb.DependsOn;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.inject.Inject;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A run waiting for a human outlives its server: every few seconds, each server takes over the
 * waiting runs of servers that stopped (a restart, a crash), so their confirmation timeouts still
 * fire and a confirmation finds them live. Several servers may race for a run; one claim wins.
 */
@Startup
@Singleton
@DependsOn("ServerHeartbeat")
@TransactionManagement(TransactionManagementType.BEAN)
public class WaitingRunAdopter {

    private static final Logger LOG = Logger.getLogger(WaitingRunAdopter.class.getName());

    @Inject
    private WaitingRunResumer resumer;

    @Schedule(second = "*/5", minute = "*", hour = "*", persistent = false)
    void adopt() {
        try {
            int adopted = resumer.adoptOrphanedWaitingRuns();
            if (adopted > 0) {
                LOG.info(adopted + " waiting run(s) of stopped servers resumed on this server");
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not look for waiting runs of stopped servers", e);
        }
    }
}
