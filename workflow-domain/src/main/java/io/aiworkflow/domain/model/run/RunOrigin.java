package io.aiworkflow.domain.model.run;

/**
 * The way a run was started. The debug channel reports it as the run's {@code type}, numbered as
 * NexusAI's run panel expects; the {@code workflow_instance.origin} column holds the name.
 */
public enum RunOrigin {
    /** an unsaved draft tried out from an editor (the FlowGram task API) */
    DEBUG(1),
    /** started in the console, or by the platform itself on an app's behalf */
    APP(2),
    /** started through the REST API */
    API(3);

    private final int debugType;

    RunOrigin(int debugType) {
        this.debugType = debugType;
    }

    public int debugType() {
        return debugType;
    }
}
