package io.aiworkflow.engine.schedule;

/** What happened to one scheduled time. */
public enum FiringState {
    /** claimed; its run is being started (under an instance id chosen in advance) */
    STARTING,
    /** its run (or dataset run) started */
    FIRED,
    /** not run: the previous run was still active */
    SKIPPED_OVERLAP,
    /** late; the catch-up run of a later late time stands for it */
    COALESCED,
    /** not run: too late */
    MISSED,
    /** waits until the active run ends */
    BUFFERED,
    /** its run could not start (the reason says why, e.g. APP_DISABLED) */
    FAILED_TO_START;

    /** The record of a planned outcome; a time that fires is STARTING until its run is open. */
    static FiringState of(FiringPlanner.Outcome outcome) {
        return switch (outcome) {
            case FIRE -> STARTING;
            case COALESCED -> COALESCED;
            case MISSED -> MISSED;
            case SKIPPED_OVERLAP -> SKIPPED_OVERLAP;
            case BUFFERED -> BUFFERED;
        };
    }

    /** A time that did not run and will not: three of these in a row warn on the schedule. */
    public boolean isSkip() {
        return this == SKIPPED_OVERLAP || this == COALESCED || this == MISSED || this == FAILED_TO_START;
    }
}
