/** The history projection: runs, node executions and API events in PostgreSQL, and reads of them. */
package io.aiworkflow.engine.history;
