package io.aiworkflow.engine.schedule;

/** Why a time has a firing: it came due, came due late (a catch-up), was asked for now, or backfilled. */
public enum FiringKind {
    SCHEDULED,
    CATCH_UP,
    RUN_NOW,
    BACKFILL
}
