package io.aiworkflow.engine.execution;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;

/**
 * The node pool shared between teams: a team has at most {@code perTeam} node tasks on the pool at
 * once, and its further tasks wait in a queue of its own, not on the pool. So one team's slow
 * plugins in a parallel ForEach cannot take every thread while other teams' nodes wait behind them.
 */
final class TeamFairPool {

    private final Executor pool;
    private final int perTeam;
    private final Map<Long, Team> teams = new ConcurrentHashMap<>();

    /** A team's tasks on the pool and those waiting for one of its places. */
    private static final class Team {
        int running;
        final ArrayDeque<FutureTask<Void>> waiting = new ArrayDeque<>();
    }

    TeamFairPool(Executor pool, int perTeam) {
        this.pool = pool;
        this.perTeam = Math.max(1, perTeam);
    }

    /** Runs {@code work} on the pool when the team has a place; cancelling the future stops it either way. */
    Future<?> submit(long teamId, Runnable work) {
        FutureTask<Void> task = new FutureTask<>(work, null);
        Team team = teams.computeIfAbsent(teamId, id -> new Team());
        synchronized (team) {
            if (team.running >= perTeam) {
                team.waiting.add(task);
                return task;
            }
            team.running++;
        }
        dispatch(team, task);
        return task;
    }

    private void dispatch(Team team, FutureTask<Void> task) {
        try {
            pool.execute(() -> {
                try {
                    task.run(); // a task cancelled while it waited does nothing here
                } finally {
                    next(team);
                }
            });
        } catch (RejectedExecutionException e) {
            next(team);
            throw e;
        }
    }

    private void next(Team team) {
        FutureTask<Void> following;
        synchronized (team) {
            following = team.waiting.poll();
            if (following == null) {
                team.running--;
                return;
            }
        }
        dispatch(team, following);
    }
}
