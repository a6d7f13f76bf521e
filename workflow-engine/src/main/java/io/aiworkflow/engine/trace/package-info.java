/**
 * The trace projection: engine events as {@code tracer_workflow} frames,
 * for the SSE stream with {@code streamModes=trace}, the trace table and the trace endpoint.
 */
package io.aiworkflow.engine.trace;
