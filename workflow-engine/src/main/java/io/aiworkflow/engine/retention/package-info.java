/**
 * History retention: how long each app's runs are kept, and the Jakarta Batch job (nightly, or
 * started by an admin) that deletes older runs with their node executions, events and traces.
 */
package io.aiworkflow.engine.retention;
