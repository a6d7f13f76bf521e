package io.aiworkflow.engine.node;

/** The public error codes node runs and runs fail with (beside those of {@code ErrorCode}). */
public final class NodeErrors {
    public static final String VALIDATION_ERROR = "VALIDATION_ERROR";
    public static final String EXPRESSION_ERROR = "EXPRESSION_ERROR";
    public static final String NODE_ERROR = "NODE_ERROR";
    public static final String NODE_TIMEOUT = "NODE_TIMEOUT";
    public static final String NODE_OUTPUT_TOO_LARGE = "NODE_OUTPUT_TOO_LARGE";
    public static final String NODE_TYPE_UNSUPPORTED = "NODE_TYPE_UNSUPPORTED";
    public static final String SCRIPT_TIMEOUT = "SCRIPT_TIMEOUT";
    public static final String SCRIPT_ERROR = "SCRIPT_ERROR";
    public static final String SCRIPT_MEMORY_EXCEEDED = "SCRIPT_MEMORY_EXCEEDED";
    public static final String PLUGIN_NOT_FOUND = "PLUGIN_NOT_FOUND";
    public static final String PLUGIN_HTTP_ERROR = "PLUGIN_HTTP_ERROR";
    public static final String PLUGIN_TARGET_FORBIDDEN = "PLUGIN_TARGET_FORBIDDEN";
    public static final String PLUGIN_RESPONSE_TOO_LARGE = "PLUGIN_RESPONSE_TOO_LARGE";
    public static final String MODEL_NOT_FOUND = "MODEL_NOT_FOUND";
    public static final String LLM_ERROR = "LLM_ERROR";
    public static final String APP_NOT_FOUND = "APP_NOT_FOUND";
    public static final String NOT_PUBLISHED = "NOT_PUBLISHED";
    public static final String SUBWORKFLOW_DEPTH_EXCEEDED = "SUBWORKFLOW_DEPTH_EXCEEDED";
    public static final String LOOP_LIMIT_EXCEEDED = "LOOP_LIMIT_EXCEEDED";
    public static final String RUN_LIMIT_EXCEEDED = "RUN_LIMIT_EXCEEDED";
    public static final String NO_PATH_TO_END = "NO_PATH_TO_END";
    /** a person rejected a node that needed confirmation */
    public static final String REJECTED = "REJECTED";
    /** nobody confirmed a node within its confirmTimeoutMs */
    public static final String CONFIRM_TIMEOUT = "CONFIRM_TIMEOUT";
    /** a node run stopped because the run was canceled */
    public static final String CANCELED = "CANCELED";
    /** a node run stopped because another node of its loop, sub-workflow or run failed */
    public static final String ABORTED = "ABORTED";

    public static final String INTERNAL_ERROR = "INTERNAL_ERROR";

    private NodeErrors() {}
}
