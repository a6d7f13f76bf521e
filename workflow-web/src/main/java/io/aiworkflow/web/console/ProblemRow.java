package io.aiworkflow.web.console;

import java.io.Serializable;
import java.util.Map;

/** One validation problem from a refused publish ({@code details.problems[]} of the error). */
public class ProblemRow implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String nodeKey;
    private final String code;
    private final String message;

    ProblemRow(String nodeKey, String code, String message) {
        this.nodeKey = nodeKey;
        this.code = code;
        this.message = message;
    }

    /** Problems are maps {nodeKey, code, message}; anything else is shown as a bare message. */
    static ProblemRow of(Object problem) {
        if (problem instanceof Map<?, ?> m) {
            return new ProblemRow(text(m.get("nodeKey")), text(m.get("code")), text(m.get("message")));
        }
        return new ProblemRow(null, null, text(problem));
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    public String getNodeKey() {
        return nodeKey;
    }

    public String getCode() {
        return code;
    }

    public String getMessage() {
        return message;
    }
}
