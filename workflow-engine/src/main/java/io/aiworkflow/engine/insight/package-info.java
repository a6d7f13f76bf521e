/**
 * What a team's run history adds up to: runs per state and day, failure rate, duration
 * percentiles, tokens per app and per day, the nodes that fail most, and the confirmations that
 * wait on a person. Read from history; nothing here is stored.
 */
package io.aiworkflow.engine.insight;
