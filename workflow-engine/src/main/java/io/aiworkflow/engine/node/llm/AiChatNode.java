package io.aiworkflow.engine.node.llm;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.output.TokenUsage;
import io.aiworkflow.domain.definition.NodeType;
import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.engine.catalog.ModelCatalog;
import io.aiworkflow.engine.catalog.ModelConfig;
import io.aiworkflow.engine.node.AsyncNodeBehavior;
import io.aiworkflow.engine.node.NodeContext;
import io.aiworkflow.engine.node.NodeErrors;
import io.aiworkflow.engine.node.NodeFailure;
import io.aiworkflow.engine.node.NodeInput;
import io.aiworkflow.engine.node.NodeOutput;
import io.aiworkflow.engine.node.plugin.OutboundTargetGuard;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Asks a chat model: {@code modelId} picks a model of the team, {@code systemPrompt} and
 * {@code prompt} make the messages, {@code temperature} and {@code maxTokens} tune it. With
 * {@code stream} true every chunk is reported through {@code ctx.stream}. Outputs {@code answer} and
 * {@code usage}; provider errors fail with LLM_ERROR and the provider's message.
 */
@ApplicationScoped
public class AiChatNode implements AsyncNodeBehavior {

    public static final long DEFAULT_TIMEOUT_MS = 120_000;
    /** Longest provider error message kept in a node error. */
    static final int MAX_ERROR_CHARS = 1_000;

    private ModelCatalog catalog;
    private final ChatModels models = new ChatModels();
    /** The model's server receives the team's key: it must be where a plugin may go too. */
    private OutboundTargetGuard guard = OutboundTargetGuard.fromEnvironment();

    /** For CDI. */
    public AiChatNode() {}

    public AiChatNode(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    public AiChatNode(ModelCatalog catalog, OutboundTargetGuard guard) {
        this.catalog = catalog;
        this.guard = guard;
    }

    @Inject
    void setCatalog(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public NodeType type() {
        return NodeType.AiChat;
    }

    /**
     * A streamed answer completes the returned stage from the model client's callbacks, so the
     * node's thread is back in the pool while the model writes; a plain call answers at once.
     */
    @Override
    public CompletionStage<NodeOutput> start(NodeInput in, NodeContext ctx) {
        long modelId = in.number("modelId")
                .map(Double::longValue)
                .orElseThrow(() -> new NodeFailure(NodeErrors.VALIDATION_ERROR, "'modelId' is required"));
        ModelConfig model = catalog.find(ctx.teamId(), modelId)
                .orElseThrow(
                        () -> new NodeFailure(NodeErrors.MODEL_NOT_FOUND, "no model " + modelId + " in this team"));
        try {
            guard.check(URI.create(model.baseUrl())); // it may have been saved before the guard, or moved since
        } catch (IllegalArgumentException e) {
            throw new NodeFailure(NodeErrors.VALIDATION_ERROR, "model " + modelId + " has an invalid baseUrl");
        }
        ChatRequest request = request(in);
        Duration timeout = Duration.ofMillis(in.timeoutMs(DEFAULT_TIMEOUT_MS));
        long started = System.nanoTime();
        if (in.bool("stream").orElse(false)) {
            return streamed(model, timeout, request, ctx).thenApply(response -> answer(response, model, started, ctx));
        }
        ChatResponse response;
        try {
            response = models.blocking(model, timeout).chat(request);
        } catch (NodeFailure e) {
            throw e;
        } catch (RuntimeException e) {
            throw llmError(e, model);
        }
        return CompletableFuture.completedFuture(answer(response, model, started, ctx));
    }

    private static NodeOutput answer(ChatResponse response, ModelConfig model, long started, NodeContext ctx) {
        long latencyMs = (System.nanoTime() - started) / 1_000_000;
        String answer = response.aiMessage() == null || response.aiMessage().text() == null
                ? ""
                : response.aiMessage().text();
        io.aiworkflow.engine.event.TokenUsage usage = usage(response.tokenUsage());
        JsonObject tokens = Jsons.object()
                .add("promptTokens", usage.promptTokens())
                .add("completionTokens", usage.completionTokens())
                .add("totalTokens", usage.totalTokens())
                .build();
        ctx.trace(Jsons.object()
                .add("model", model.name() == null ? model.modelName() : model.name())
                .add("latencyMs", latencyMs)
                .add("tokens", tokens)
                .build());
        return new NodeOutput(
                Jsons.object().add("answer", answer).add("usage", tokens).build(), usage, null);
    }

    private static ChatRequest request(NodeInput in) {
        String prompt = in.string("prompt")
                .orElseThrow(() -> new NodeFailure(NodeErrors.VALIDATION_ERROR, "'prompt' is required"));
        List<ChatMessage> messages = new ArrayList<>();
        in.string("systemPrompt").filter(s -> !s.isBlank()).ifPresent(s -> messages.add(SystemMessage.from(s)));
        messages.add(UserMessage.from(prompt));
        ChatRequest.Builder builder = ChatRequest.builder().messages(messages);
        in.number("temperature").ifPresent(builder::temperature);
        in.number("maxTokens").map(Double::intValue).ifPresent(builder::maxOutputTokens);
        return builder.build();
    }

    private CompletableFuture<ChatResponse> streamed(
            ModelConfig model, Duration timeout, ChatRequest request, NodeContext ctx) {
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        try {
            models.streaming(model, timeout).chat(request, new StreamingChatResponseHandler() {
                @Override
                public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
                    if (ctx.isCanceled()) {
                        // the attempt timed out or the run was canceled: stop reading (and paying for) the answer
                        context.streamingHandle().cancel();
                        done.completeExceptionally(new NodeFailure(NodeErrors.ABORTED, "the attempt is over"));
                    } else if (partial.text() != null && !partial.text().isEmpty()) {
                        ctx.stream(partial.text());
                    }
                }

                @Override
                public void onCompleteResponse(ChatResponse response) {
                    done.complete(response);
                }

                @Override
                public void onError(Throwable error) {
                    done.completeExceptionally(llmError(error, model));
                }
            });
        } catch (NodeFailure e) {
            throw e;
        } catch (RuntimeException e) {
            throw llmError(e, model);
        }
        return done;
    }

    private static io.aiworkflow.engine.event.TokenUsage usage(TokenUsage usage) {
        if (usage == null) {
            return io.aiworkflow.engine.event.TokenUsage.NONE;
        }
        long prompt = usage.inputTokenCount() == null ? 0 : usage.inputTokenCount();
        long completion = usage.outputTokenCount() == null ? 0 : usage.outputTokenCount();
        return io.aiworkflow.engine.event.TokenUsage.chat(prompt, completion);
    }

    private static NodeFailure llmError(Throwable error, ModelConfig model) {
        String message = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        if (model.apiKey() != null && !model.apiKey().isEmpty()) {
            message = message.replace(model.apiKey(), "<redacted>");
        }
        // a provider's error body can be a whole HTML page: the start says what went wrong
        if (message.length() > MAX_ERROR_CHARS) {
            message = message.substring(0, MAX_ERROR_CHARS) + "… (" + message.length() + " characters)";
        }
        return new NodeFailure(NodeErrors.LLM_ERROR, message, error);
    }
}
