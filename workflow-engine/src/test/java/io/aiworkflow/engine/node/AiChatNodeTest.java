package io.aiworkflow.engine.node;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import io.aiworkflow.domain.definition.FieldDesign;
import io.aiworkflow.domain.definition.FunctionDesign;
import io.aiworkflow.engine.catalog.ModelCatalog;
import io.aiworkflow.engine.catalog.ModelConfig;
import io.aiworkflow.engine.event.EngineEvent;
import io.aiworkflow.engine.event.NodeFinished;
import io.aiworkflow.engine.event.NodeStreamed;
import io.aiworkflow.engine.event.NodeTraced;
import io.aiworkflow.engine.event.TokenUsage;
import io.aiworkflow.engine.event.WorkflowFailed;
import io.aiworkflow.engine.event.WorkflowFinished;
import io.aiworkflow.engine.execution.ExecutionLimits;
import io.aiworkflow.engine.node.llm.AiChatNode;
import io.aiworkflow.engine.node.plugin.OutboundTargetGuard;
import io.aiworkflow.engine.support.Engines;
import io.aiworkflow.engine.support.J;
import io.aiworkflow.engine.support.RecordingSink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.aiworkflow.domain.definition.NodeType.AiChat;
import static io.aiworkflow.engine.support.DesignBuilder.design;
import static io.aiworkflow.engine.support.Fields.fixed;
import static io.aiworkflow.engine.support.Fields.text;
import static io.aiworkflow.engine.support.Fields.var;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The AiChat node against WireMock emulating OpenAI /chat/completions (plain and SSE) and Ollama /api/chat. */
class AiChatNodeTest {

    private static WireMockServer wire;
    private static Map<Long, ModelConfig> models;
    private static Engines engines;

    @BeforeAll
    static void start() {
        wire = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        wire.start();
        String base = "http://127.0.0.1:" + wire.port();
        models = Map.of(
                1L, new ModelConfig(1, "gpt", ModelConfig.OPENAI, base + "/v1", "gpt-test", "sk-secret-key"),
                2L, new ModelConfig(2, "llama", ModelConfig.OLLAMA, base, "llama3", null),
                3L,
                        new ModelConfig(
                                3, "metadata", ModelConfig.OPENAI, "http://169.254.169.254/v1", "m", "sk-team-key"));
        ModelCatalog catalog = (teamId, id) -> Optional.ofNullable(models.get(id));
        engines = new Engines(new AiChatNode(catalog, OutboundTargetGuard.fromList("127.0.0.1")));
    }

    @AfterAll
    static void stop() throws Exception {
        engines.close();
        wire.stop();
    }

    @BeforeEach
    void reset() {
        wire.resetAll();
    }

    private static EngineEvent chat(RecordingSink sink, FieldDesign... extra) throws Exception {
        List<FieldDesign> fields = new ArrayList<>(List.of(
                fixed("systemPrompt", "Be brief."),
                text("prompt", "Say hello to {{sys.userId}}"),
                fixed("temperature", 0.2),
                fixed("maxTokens", 50)));
        fields.addAll(List.of(extra));
        FunctionDesign d = design().start()
                .node("chat", AiChat, fields.toArray(FieldDesign[]::new))
                .end(var("answer", "chat.answer"), var("usage", "chat.usage"))
                .chain("start", "chat", "end")
                .build();
        return engines.run(d, null, sink);
    }

    @Test
    void openAiAnswerAndUsage() throws Exception {
        wire.stubFor(
                post(urlPathEqualTo("/v1/chat/completions"))
                        .willReturn(
                                aResponse()
                                        .withStatus(200)
                                        .withHeader("Content-Type", "application/json")
                                        .withBody(
                                                "{\"id\":\"c1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt-test\","
                                                        + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hello 11!\"},"
                                                        + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":3,\"total_tokens\":15}}")));
        RecordingSink sink = new RecordingSink();

        EngineEvent terminal = chat(sink, fixed("modelId", 1));

        WorkflowFinished finished = (WorkflowFinished) terminal;
        assertEquals(
                J.obj("{'answer':'Hello 11!','usage':{'promptTokens':12,'completionTokens':3,'totalTokens':15}}"),
                finished.result());
        assertEquals(TokenUsage.chat(12, 3), finished.usage());
        assertEquals(
                TokenUsage.chat(12, 3), sink.first(NodeFinished.class, "chat").usage());
        wire.verify(postRequestedFor(urlPathEqualTo("/v1/chat/completions"))
                .withHeader("Authorization", equalTo("Bearer sk-secret-key"))
                .withRequestBody(matchingJsonPath("$.model", equalTo("gpt-test")))
                .withRequestBody(matchingJsonPath("$.messages[0].content", equalTo("Be brief.")))
                .withRequestBody(matchingJsonPath("$.messages[1].content", equalTo("Say hello to 11")))
                .withRequestBody(matchingJsonPath("$.temperature", equalTo("0.2"))));
        NodeTraced trace = sink.all(NodeTraced.class).get(0);
        assertEquals("gpt", trace.data().asJsonObject().getString("model"));
        assertEquals(15, trace.data().asJsonObject().getJsonObject("tokens").getInt("totalTokens"));
        assertFalse(sink.events().toString().contains("sk-secret-key"));
    }

    @Test
    void aModelOnAnInternalAddressIsNotCalledWithTheTeamsKey() throws Exception {
        RecordingSink sink = new RecordingSink();
        EngineEvent terminal = chat(sink, fixed("modelId", 3));
        assertEquals("PLUGIN_TARGET_FORBIDDEN", ((WorkflowFailed) terminal).code());
        assertFalse(sink.events().toString().contains("sk-team-key"));
    }

    @Test
    void openAiStreamingReportsEachChunkInOrder() throws Exception {
        String chunk = "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-test\","
                + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"%s\"},\"finish_reason\":null}]}";
        String body = "data: " + String.format(chunk, "Hel") + "\n\n"
                + "data: " + String.format(chunk, "lo ") + "\n\n"
                + "data: " + String.format(chunk, "world") + "\n\n"
                + "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-test\","
                + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
                + "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-test\","
                + "\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":3,\"total_tokens\":12}}\n\n"
                + "data: [DONE]\n\n";
        wire.stubFor(post(urlPathEqualTo("/v1/chat/completions"))
                .withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "text/event-stream")
                        .withBody(body)));
        RecordingSink sink = new RecordingSink();

        EngineEvent terminal = chat(sink, fixed("modelId", 1), fixed("stream", true));

        assertEquals(
                List.of("Hel", "lo ", "world"),
                sink.all(NodeStreamed.class).stream().map(NodeStreamed::chunk).toList(),
                terminal.toString());
        List<String> lines = sink.lines();
        assertEquals(
                List.of(
                        "NodeStarted chat",
                        "NodeStreamed chat",
                        "NodeStreamed chat",
                        "NodeStreamed chat",
                        "NodeTraced chat",
                        "NodeFinished chat"),
                lines.subList(3, 9));
        WorkflowFinished finished = (WorkflowFinished) terminal;
        assertEquals("Hello world", finished.result().getString("answer"));
        assertEquals(TokenUsage.chat(9, 3), finished.usage());
    }

    @Test
    void ollamaChat() throws Exception {
        wire.stubFor(
                post(urlPathEqualTo("/api/chat"))
                        .willReturn(
                                aResponse()
                                        .withStatus(200)
                                        .withHeader("Content-Type", "application/json")
                                        .withBody(
                                                "{\"model\":\"llama3\",\"created_at\":\"2025-01-01T00:00:00Z\",\"message\":{\"role\":\"assistant\","
                                                        + "\"content\":\"Hi from llama\"},\"done\":true,\"done_reason\":\"stop\",\"prompt_eval_count\":7,\"eval_count\":4}")));

        EngineEvent terminal = chat(new RecordingSink(), fixed("modelId", 2));

        WorkflowFinished finished = (WorkflowFinished) terminal;
        assertEquals("Hi from llama", finished.result().getString("answer"));
        assertEquals(TokenUsage.chat(7, 4), finished.usage());
        wire.verify(postRequestedFor(urlPathEqualTo("/api/chat"))
                .withRequestBody(matchingJsonPath("$.model", equalTo("llama3"))));
    }

    @Test
    void providerErrorsFailWithLlmErrorAndUnknownModelsWithModelNotFound() throws Exception {
        wire.stubFor(
                post(urlPathEqualTo("/v1/chat/completions"))
                        .willReturn(
                                aResponse()
                                        .withStatus(401)
                                        .withHeader("Content-Type", "application/json")
                                        .withBody(
                                                "{\"error\":{\"message\":\"Incorrect API key provided\",\"type\":\"invalid_request_error\"}}")));

        WorkflowFailed failed = (WorkflowFailed) chat(new RecordingSink(), fixed("modelId", 1));
        assertEquals("LLM_ERROR", failed.code());
        assertTrue(failed.message().contains("Incorrect API key provided"), failed.message());

        WorkflowFailed streamFailed =
                (WorkflowFailed) chat(new RecordingSink(), fixed("modelId", 1), fixed("stream", true));
        assertEquals("LLM_ERROR", streamFailed.code());
        assertTrue(streamFailed.message().contains("Incorrect API key provided"), streamFailed.message());

        assertEquals("MODEL_NOT_FOUND", ((WorkflowFailed) chat(new RecordingSink(), fixed("modelId", 42))).code());
    }

    @Test
    void aStreamBrokenOffByTheModelFailsTheNodeWithLlmError() throws Exception {
        wire.stubFor(post(urlPathEqualTo("/v1/chat/completions"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "text/event-stream")
                        .withFault(Fault.MALFORMED_RESPONSE_CHUNK)));

        WorkflowFailed failed = (WorkflowFailed) chat(new RecordingSink(), fixed("modelId", 1), fixed("stream", true));

        assertEquals("LLM_ERROR", failed.code(), failed.toString());
    }

    @Test
    void aStreamedAnswerHoldsNoNodeThreadWhileTheModelWrites() throws Exception {
        String chunk = "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-test\","
                + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"%s \"},\"finish_reason\":null}]}\n\n";
        StringBuilder body = new StringBuilder();
        for (int i = 1; i <= 10; i++) {
            body.append(String.format(chunk, "word" + i));
        }
        body.append("data: [DONE]\n\n");
        // the model writes its answer in ten pieces over a second and a half
        wire.stubFor(post(urlPathEqualTo("/v1/chat/completions"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "text/event-stream")
                        .withBody(body.toString())
                        .withChunkedDribbleDelay(10, 1500)));
        FunctionDesign d = design().start()
                .node("chat", AiChat, fixed("modelId", 1), fixed("stream", true), text("prompt", "Count"))
                .end(var("answer", "chat.answer"))
                .chain("start", "chat", "end")
                .build();
        RecordingSink both = new RecordingSink();
        ExecutorService callers = Executors.newFixedThreadPool(2);
        try (Engines oneThread = new Engines(
                1,
                ExecutionLimits.defaults(),
                new AiChatNode(
                        (teamId, id) -> Optional.ofNullable(models.get(id)),
                        OutboundTargetGuard.fromList("127.0.0.1")))) {
            List<Future<EngineEvent>> runs = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                runs.add(callers.submit(
                        () -> oneThread.executor.runToEnd(Engines.request(d, null), both, Duration.ofSeconds(20))));
            }
            for (Future<EngineEvent> run : runs) {
                WorkflowFinished finished = (WorkflowFinished) run.get(30, TimeUnit.SECONDS);
                assertTrue(finished.result().getString("answer").startsWith("word1 word2"), finished.toString());
            }
        } finally {
            callers.shutdownNow();
        }
        // with one node thread, both answers were being written at once: each run had its first chunk
        // before the other's model call ended
        List<EngineEvent> events = both.events();
        Map<String, Integer> firstChunk = new HashMap<>();
        Map<String, Integer> answered = new HashMap<>();
        for (int i = 0; i < events.size(); i++) {
            EngineEvent e = events.get(i);
            if (e instanceof NodeStreamed) {
                firstChunk.putIfAbsent(e.instanceId(), i);
            } else if (e instanceof NodeFinished f && f.node().nodeKey().equals("chat")) {
                answered.put(e.instanceId(), i);
            }
        }
        assertEquals(2, firstChunk.size(), both.allLines().toString());
        for (String run : firstChunk.keySet()) {
            for (String other : answered.keySet()) {
                if (!other.equals(run)) {
                    assertTrue(
                            firstChunk.get(run) < answered.get(other),
                            both.allLines().toString());
                }
            }
        }
    }
}
