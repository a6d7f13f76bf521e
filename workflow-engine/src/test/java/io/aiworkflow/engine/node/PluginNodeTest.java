package io.aiworkflow.engine.node;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.aiworkflow.domain.definition.FieldDesign;
import io.aiworkflow.domain.definition.FunctionDesign;
import io.aiworkflow.engine.catalog.PluginCatalog;
import io.aiworkflow.engine.catalog.PluginConfig;
import io.aiworkflow.engine.catalog.PluginInputField;
import io.aiworkflow.engine.event.EngineEvent;
import io.aiworkflow.engine.event.NodeTraced;
import io.aiworkflow.engine.event.WorkflowFailed;
import io.aiworkflow.engine.event.WorkflowFinished;
import io.aiworkflow.engine.node.plugin.OutboundTargetGuard;
import io.aiworkflow.engine.node.plugin.PluginNode;
import io.aiworkflow.engine.support.Engines;
import io.aiworkflow.engine.support.J;
import io.aiworkflow.engine.support.RecordingSink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.aiworkflow.domain.definition.NodeType.Plugin;
import static io.aiworkflow.engine.support.DesignBuilder.design;
import static io.aiworkflow.engine.support.Fields.fixed;
import static io.aiworkflow.engine.support.Fields.var;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Plugin node against a WireMock server on 127.0.0.1 (allow-listed), and the SSRF guard. */
class PluginNodeTest {

    private static final String SECRET = "s3cret-token";
    private static WireMockServer wire;
    private static final Map<Long, PluginConfig> PLUGINS = new ConcurrentHashMap<>();
    private static final PluginCatalog CATALOG =
            (teamId, id) -> teamId == 7 ? Optional.ofNullable(PLUGINS.get(id)) : Optional.empty();

    @BeforeAll
    static void startServer() {
        wire = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        wire.start();
    }

    @AfterAll
    static void stopServer() {
        wire.stop();
    }

    @BeforeEach
    void reset() {
        wire.resetAll();
        PLUGINS.clear();
    }

    private String base() {
        return "http://127.0.0.1:" + wire.port();
    }

    private static PluginConfig plugin(long id, String method, String url, String body, Map<String, String> headers) {
        return new PluginConfig(
                id,
                "search",
                method,
                url,
                headers,
                body,
                "Authorization",
                SECRET,
                List.of(new PluginInputField("query", "String", true, "what to look for")));
    }

    private EngineEvent run(OutboundTargetGuard guard, RecordingSink sink, FieldDesign... fields) throws Exception {
        List<FieldDesign> all = new ArrayList<>(List.of(fields));
        FunctionDesign d = design().start()
                .node("p", Plugin, all.toArray(FieldDesign[]::new))
                .end(var("result", "p.result"), var("status", "p.status"))
                .chain("start", "p", "end")
                .build();
        try (Engines engines = new Engines(new PluginNode(CATALOG, guard))) {
            return engines.run(d, null, sink);
        }
    }

    private OutboundTargetGuard allowWireMock() {
        return new OutboundTargetGuard(Set.of("127.0.0.1:" + wire.port()));
    }

    @Test
    void getFillsTheUrlAndHeadersSendsTheSecretAndParsesJson() throws Exception {
        wire.stubFor(get(urlPathEqualTo("/search"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"hits\":[\"a\",\"b\"],\"echo\":\"" + SECRET + "\"}")));
        PLUGINS.put(5L, plugin(5, "GET", base() + "/search?q={{query}}&lang=en", null, Map.of("X-Query", "{{query}}")));
        RecordingSink sink = new RecordingSink();

        EngineEvent terminal = run(allowWireMock(), sink, fixed("pluginId", 5), fixed("query", "a b&c"));

        assertEquals(
                J.obj("{'result':{'hits':['a','b'],'echo':'<redacted>'},'status':200}"),
                ((WorkflowFinished) terminal).result());
        wire.verify(getRequestedFor(urlPathEqualTo("/search"))
                .withQueryParam("q", equalTo("a b&c"))
                .withHeader("Authorization", equalTo(SECRET))
                .withHeader("X-Query", equalTo("a b&c")));
        NodeTraced trace = sink.all(NodeTraced.class).get(0);
        assertEquals("GET", trace.data().asJsonObject().getString("method"));
        assertEquals(base() + "/search", trace.data().asJsonObject().getString("url"));
        assertEquals(200, trace.data().asJsonObject().getInt("status"));
        assertTrue(trace.data().asJsonObject().containsKey("latencyMs"));
        assertFalse(sink.events().toString().contains(SECRET), "the secret appears in no event");
    }

    @Test
    void postRendersAJsonBodyWithEscapedStrings() throws Exception {
        wire.stubFor(post(urlPathEqualTo("/items"))
                .willReturn(aResponse().withStatus(201).withBody("created")));
        PLUGINS.put(
                6L,
                plugin(
                        6,
                        "POST",
                        base() + "/items",
                        "{\"text\":\"{{query}}\",\"n\":{{n}}}",
                        Map.of("Content-Type", "application/json")));

        EngineEvent terminal = run(
                allowWireMock(),
                new RecordingSink(),
                fixed("pluginId", 6),
                fixed("query", "say \"hi\""),
                fixed("n", 3));

        assertEquals(J.obj("{'result':'created','status':201}"), ((WorkflowFinished) terminal).result());
        wire.verify(postRequestedFor(urlPathEqualTo("/items"))
                .withRequestBody(equalToJson("{\"text\":\"say \\\"hi\\\"\",\"n\":3}")));
    }

    @Test
    void aResponseOverTheLimitFailsWithoutBeingReadWhole() throws Exception {
        // chunked (no Content-Length to go by): the limit counts what arrives
        wire.stubFor(get(urlPathEqualTo("/huge"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Transfer-Encoding", "chunked")
                        .withBody(new byte[(int) PluginNode.MAX_RESPONSE_BYTES + 1])));
        PLUGINS.put(8L, plugin(8, "GET", base() + "/huge", null, Map.of()));

        EngineEvent terminal = run(allowWireMock(), new RecordingSink(), fixed("pluginId", 8), fixed("query", "x"));

        assertEquals(
                "PLUGIN_RESPONSE_TOO_LARGE", ((WorkflowFailed) terminal).code(), ((WorkflowFailed) terminal).message());
    }

    @Test
    void aNameThatRebindsToAnInternalAddressAfterTheCheckIsNotConnectedTo() throws Exception {
        wire.stubFor(get(urlPathEqualTo("/internal"))
                .willReturn(aResponse().withStatus(200).withBody("{\"internal\":true}")));
        AtomicInteger lookups = new AtomicInteger();
        // a DNS server that answers a public address first, then (TTL 0) the loopback address
        OutboundTargetGuard guard = new OutboundTargetGuard(Set.of(), host -> new InetAddress[] {
            InetAddress.getByAddress(
                    host,
                    lookups.getAndIncrement() == 0
                            ? new byte[] {93, (byte) 184, (byte) 216, 34}
                            : new byte[] {127, 0, 0, 1})
        });
        PLUGINS.put(9L, plugin(9, "GET", "http://rebind.test:" + wire.port() + "/internal", null, Map.of()));

        EngineEvent terminal = run(guard, new RecordingSink(), fixed("pluginId", 9), fixed("query", "x"));

        assertEquals(
                "PLUGIN_TARGET_FORBIDDEN", ((WorkflowFailed) terminal).code(), ((WorkflowFailed) terminal).message());
        assertTrue(lookups.get() >= 2, "the name was resolved again for the connection, and that answer was checked");
        wire.verify(0, getRequestedFor(urlPathEqualTo("/internal")));
    }

    @Test
    void aHeaderValueWithAControlCharacterIsRefusedWithoutEchoingIt() throws Exception {
        PLUGINS.put(10L, plugin(10, "GET", base() + "/search", null, Map.of("X-Query", "{{query}}")));

        EngineEvent terminal =
                run(allowWireMock(), new RecordingSink(), fixed("pluginId", 10), fixed("query", "x\u0007Injected"));

        WorkflowFailed failed = (WorkflowFailed) terminal;
        assertEquals("VALIDATION_ERROR", failed.code());
        assertFalse(failed.message().contains("Injected"), failed.message());
        wire.verify(0, getRequestedFor(urlPathEqualTo("/search")));
    }

    @Test
    void anHttpErrorFailsWithPluginHttpError() throws Exception {
        wire.stubFor(get(urlPathEqualTo("/search"))
                .willReturn(aResponse().withStatus(500).withBody("exploded")));
        PLUGINS.put(5L, plugin(5, "GET", base() + "/search", null, Map.of()));

        EngineEvent terminal = run(allowWireMock(), new RecordingSink(), fixed("pluginId", 5), fixed("query", "x"));

        WorkflowFailed failed = (WorkflowFailed) terminal;
        assertEquals("PLUGIN_HTTP_ERROR", failed.code());
        assertTrue(failed.message().contains("500") && failed.message().contains("exploded"), failed.message());
    }

    @Test
    void unknownPluginAndMissingRequiredInputFail() throws Exception {
        assertEquals(
                "PLUGIN_NOT_FOUND",
                ((WorkflowFailed) run(allowWireMock(), new RecordingSink(), fixed("pluginId", 99), fixed("query", "x")))
                        .code());
        PLUGINS.put(5L, plugin(5, "GET", base() + "/search", null, Map.of()));
        assertEquals(
                "VALIDATION_ERROR",
                ((WorkflowFailed) run(allowWireMock(), new RecordingSink(), fixed("pluginId", 5))).code());
    }

    @Test
    void internalTargetsAreForbiddenWithoutAnAllowList() throws Exception {
        OutboundTargetGuard none = new OutboundTargetGuard(Set.of());
        for (String url : List.of(
                base() + "/search",
                "http://169.254.169.254/latest/meta-data",
                "http://10.0.0.1/x",
                "http://localhost:" + wire.port() + "/search",
                "file:///etc/passwd")) {
            PLUGINS.put(5L, plugin(5, "GET", url, null, Map.of()));

            EngineEvent terminal = run(none, new RecordingSink(), fixed("pluginId", 5), fixed("query", "x"));

            assertEquals("PLUGIN_TARGET_FORBIDDEN", ((WorkflowFailed) terminal).code(), url);
        }
        assertEquals(0, wire.getAllServeEvents().size(), "nothing reached the server");
    }

    @Test
    void redirectsAreFollowedAndEachHopIsChecked() throws Exception {
        wire.stubFor(get(urlPathEqualTo("/old"))
                .willReturn(aResponse().withStatus(302).withHeader("Location", "/new")));
        wire.stubFor(get(urlPathEqualTo("/new"))
                .willReturn(aResponse().withStatus(200).withBody("[1]")));
        wire.stubFor(get(urlPathEqualTo("/evil"))
                .willReturn(
                        aResponse().withStatus(302).withHeader("Location", "http://169.254.169.254/latest/meta-data")));
        PLUGINS.put(5L, plugin(5, "GET", base() + "/old", null, Map.of()));
        PLUGINS.put(6L, plugin(6, "GET", base() + "/evil", null, Map.of()));

        EngineEvent ok = run(allowWireMock(), new RecordingSink(), fixed("pluginId", 5), fixed("query", "x"));
        EngineEvent evil = run(allowWireMock(), new RecordingSink(), fixed("pluginId", 6), fixed("query", "x"));

        assertEquals(J.obj("{'result':[1],'status':200}"), ((WorkflowFinished) ok).result());
        assertEquals("PLUGIN_TARGET_FORBIDDEN", ((WorkflowFailed) evil).code());
    }
}
