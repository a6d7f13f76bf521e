package io.aiworkflow.engine.execution;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One team's stuck nodes leave threads for the others. */
class TeamFairPoolTest {

    private final ExecutorService threads = Executors.newFixedThreadPool(4);

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    @Test
    void aTeamWhoseNodesHangLeavesThreadsForOtherTeams() throws Exception {
        TeamFairPool pool = new TeamFairPool(threads, 3);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        CountDownLatch shareTaken = new CountDownLatch(3);
        for (int i = 0; i < 20; i++) {
            pool.submit(1, () -> {
                most.accumulateAndGet(running.incrementAndGet(), Math::max);
                shareTaken.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    running.decrementAndGet();
                    done.incrementAndGet();
                }
            });
        }
        assertTrue(shareTaken.await(10, TimeUnit.SECONDS), "team 1 holds its three places");
        CountDownLatch otherTeam = new CountDownLatch(1);
        pool.submit(2, otherTeam::countDown);
        assertTrue(otherTeam.await(10, TimeUnit.SECONDS), "team 2 ran while team 1's nodes hung");
        assertEquals(3, most.get(), "team 1 never held more than its share");

        release.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (done.get() < 20 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(20, done.get(), "the waiting tasks ran once places were free");
    }

    @Test
    void aTaskCancelledWhileWaitingNeverRunsAndFreesItsPlace() throws Exception {
        TeamFairPool pool = new TeamFairPool(threads, 1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger ran = new AtomicInteger();
        pool.submit(1, () -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        List<Future<?>> waiting = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            waiting.add(pool.submit(1, ran::incrementAndGet));
        }
        waiting.get(0).cancel(true);
        waiting.get(1).cancel(true);
        release.countDown();
        waiting.get(2).get(10, TimeUnit.SECONDS);
        assertEquals(1, ran.get());
        CountDownLatch later = new CountDownLatch(1);
        pool.submit(1, later::countDown);
        assertTrue(later.await(10, TimeUnit.SECONDS), "the team's place was given back");
    }
}
