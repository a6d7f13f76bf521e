package io.aiworkflow.engine.trace;

import io.aiworkflow.domain.shared.Jsons;
import jakarta.json.JsonObject;

/**
 * One trace frame as {@link TraceFrameProjector} makes it, written as JSON text at the level a run
 * is traced at. Frames are written straight to text: building each as a {@code JsonObject} first
 * cost as much as writing it, on the threads that run the workflow.
 */
public interface TraceFrame {

    /** Appends the frame's JSON text, as {@code level} keeps it, to {@code out}; not called at none. */
    void appendTo(TraceLevel level, StringBuilder out);

    /** The frame as {@code level} keeps it, as a JSON object (a live trace stream, tests). */
    default JsonObject toJson(TraceLevel level) {
        StringBuilder out = new StringBuilder(512);
        appendTo(level, out);
        return Jsons.parseStored(out.toString()).asJsonObject();
    }
}
