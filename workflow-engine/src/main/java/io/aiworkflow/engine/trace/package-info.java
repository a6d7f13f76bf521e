/**
 * The trace projection (DESIGN.md §4.3, seed 002): engine events as {@code tracer_workflow} frames,
 * for the SSE stream with {@code streamModes=trace}, the trace table and the trace endpoint.
 */
package io.aiworkflow.engine.trace;
