package io.aiworkflow.domain.model.app;

/** App types as the REST API numbers them: 0 Chat, 1 Agent, 2 Workflow. Only Workflow apps own a design. */
public enum AppType {
    Chat,
    Agent,
    Workflow;

    public static AppType of(int code) {
        if (code < 0 || code >= values().length) {
            throw new IllegalArgumentException("appType must be 0 (Chat), 1 (Agent) or 2 (Workflow)");
        }
        return values()[code];
    }

    public int code() {
        return ordinal();
    }
}
