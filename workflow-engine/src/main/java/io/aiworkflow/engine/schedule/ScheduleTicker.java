package io.aiworkflow.engine.schedule;

import io.aiworkflow.engine.platform.ServerIdentity;
import io.aiworkflow.engine.schedule.ScheduleStore.Claimed;
import io.aiworkflow.engine.schedule.ScheduleStore.FiringKey;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every second on every server: fires the schedules that are due on the database's clock (so
 * servers whose clocks differ agree), then finishes firings whose server stopped between claiming
 * and starting them. A non-persistent timer: EJB persistent timers are not shared between Payara
 * Micro instances, and the database's row locks already keep servers from handling a time twice.
 */
@Startup
@Singleton
@DependsOn("DatabaseMigrator")
@TransactionManagement(TransactionManagementType.BEAN)
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class ScheduleTicker {

    private static final Logger LOG = Logger.getLogger(ScheduleTicker.class.getName());
    /** schedules locked per transaction: bounded work per lock, the rest follow in the same tick */
    private static final int CLAIM_BATCH = 200;

    private static final int MAX_ROUNDS = 100;
    private static final int START_LANES = 4;

    @Resource
    private ManagedExecutorService executor;

    @Inject
    private ScheduleStore schedules;

    @Inject
    private FiringStarter starter;

    @Inject
    private ServerIdentity identity;

    /** a tick longer than a second (thousands due at once) is not overlapped by the next */
    private final AtomicBoolean ticking = new AtomicBoolean();

    @Schedule(second = "*", minute = "*", hour = "*", persistent = false)
    void tick() {
        if (!ticking.compareAndSet(false, true)) {
            return;
        }
        try {
            fireDue(schedules.databaseNow());
            for (FiringKey key : schedules.abandoned(CLAIM_BATCH)) {
                starter.start(key);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "schedules: " + e.getMessage(), e);
        } finally {
            ticking.set(false);
        }
    }

    /**
     * Starts a claim's firings on {@value #START_LANES} lanes at once (a run start waits on the
     * database; thousands due at the same second should not queue behind each other) and waits
     * for them before the next claim.
     */
    private int startAll(List<FiringKey> keys) {
        if (keys.size() <= 1) {
            return keys.isEmpty() || !starter.start(keys.get(0)) ? 0 : 1;
        }
        AtomicInteger started = new AtomicInteger();
        AtomicInteger next = new AtomicInteger();
        Runnable lane = () -> {
            for (int i = next.getAndIncrement(); i < keys.size(); i = next.getAndIncrement()) {
                try {
                    if (starter.start(keys.get(i))) {
                        started.incrementAndGet();
                    }
                } catch (RuntimeException e) {
                    // left STARTING: the recovery of abandoned firings starts it later
                    LOG.log(Level.WARNING, "schedules: starting " + keys.get(i) + " failed", e);
                }
            }
        };
        List<CompletableFuture<Void>> lanes = new ArrayList<>();
        for (int i = 0; i < Math.min(START_LANES, keys.size()); i++) {
            lanes.add(CompletableFuture.runAsync(lane, executor));
        }
        CompletableFuture.allOf(lanes.toArray(CompletableFuture[]::new)).join();
        return started.get();
    }

    /** Fires everything due at {@code now}, a batch of schedules at a time; answers how many firings started. */
    int fireDue(Instant now) {
        int started = 0;
        int rounds = 0;
        Claimed claimed;
        do {
            claimed = schedules.claimDue(now, identity.serverId(), CLAIM_BATCH);
            starter.cancel(claimed.cancels());
            started += startAll(claimed.starts());
            // schedules only holding buffered times are claimed again each round: bound the rounds
        } while (claimed.schedules() == CLAIM_BATCH && ++rounds < MAX_ROUNDS);
        return started;
    }
}
