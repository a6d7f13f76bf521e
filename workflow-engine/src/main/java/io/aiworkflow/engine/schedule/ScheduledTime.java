package io.aiworkflow.engine.schedule;

import java.time.Instant;
import java.time.ZonedDateTime;

/**
 * A time a schedule fires: the instant, the same in the schedule's zone, and what the clock change
 * did to it, if anything ({@code REPEATED}: a local time that occurred twice; {@code SHIFTED}: a
 * local time that did not occur, moved to the end of the gap).
 */
public record ScheduledTime(Instant instant, ZonedDateTime local, String clockChange) {}
