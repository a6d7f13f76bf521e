/**
 * The history projection: runs, node executions, API events and the trace frames written with them
 * in PostgreSQL, and reads of them.
 */
package io.aiworkflow.engine.history;
