/**
 * Schedules: when an app's scheduled executions fall (cron or fixed interval, in an IANA time
 * zone, with explicit rules for local times that occur twice or not at all on the days the clocks
 * change).
 */
package io.aiworkflow.engine.schedule;
