package io.aiworkflow.engine.node.builtin;

import io.aiworkflow.domain.definition.NodeType;
import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.domain.shared.WorkflowException;
import io.aiworkflow.engine.catalog.PublishedWorkflow;
import io.aiworkflow.engine.catalog.WorkflowCatalog;
import io.aiworkflow.engine.node.AsyncNodeBehavior;
import io.aiworkflow.engine.node.NodeContext;
import io.aiworkflow.engine.node.NodeErrors;
import io.aiworkflow.engine.node.NodeFailure;
import io.aiworkflow.engine.node.NodeInput;
import io.aiworkflow.engine.node.NodeOutput;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObjectBuilder;

import java.util.concurrent.CompletionStage;

/**
 * Runs another published workflow of the team inline: {@code appId} names it, every other input is
 * one of its parameters, and its End result is this node's output. The executor runs it in the same
 * event stream and enforces the depth limit.
 */
@ApplicationScoped
public class SubWorkflowNode implements AsyncNodeBehavior {

    private WorkflowCatalog catalog;

    /** For CDI. */
    public SubWorkflowNode() {}

    public SubWorkflowNode(WorkflowCatalog catalog) {
        this.catalog = catalog;
    }

    @Inject
    void setCatalog(WorkflowCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public NodeType type() {
        return NodeType.SubWorkflow;
    }

    @Override
    public CompletionStage<NodeOutput> start(NodeInput in, NodeContext ctx) {
        String appId = in.string("appId")
                .orElseThrow(() -> new NodeFailure(NodeErrors.VALIDATION_ERROR, "'appId' is required"));
        PublishedWorkflow workflow;
        try {
            workflow = catalog.findPublished(ctx.teamId(), appId)
                    .orElseThrow(() ->
                            new NodeFailure(NodeErrors.APP_NOT_FOUND, "no workflow app '" + appId + "' in this team"));
        } catch (WorkflowException e) {
            throw new NodeFailure(e.code().name(), e.getMessage());
        }
        JsonObjectBuilder parameters = Jsons.object();
        in.inputs().forEach((name, value) -> {
            if (!"appId".equals(name)) {
                parameters.add(name, value);
            }
        });
        return ctx.runSubWorkflow(workflow, parameters.build()).thenApply(NodeOutput::of);
    }
}
