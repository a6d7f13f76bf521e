package io.aiworkflow.web.it;

import io.aiworkflow.client.ApiClient;
import io.aiworkflow.client.ApiException;
import io.aiworkflow.client.api.AppsApi;
import io.aiworkflow.client.api.DefinitionsApi;
import io.aiworkflow.client.api.ExecutionsApi;
import io.aiworkflow.client.api.InstancesApi;
import io.aiworkflow.client.model.CreateAppRequest;
import io.aiworkflow.client.model.DefinitionUpdate;
import io.aiworkflow.client.model.ExecuteRequest;
import io.aiworkflow.client.model.InstanceDetail;
import io.aiworkflow.client.model.InstancePage;
import io.aiworkflow.client.model.RunState;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The contract as integrators get it: the platform serves it at {@code /openapi}, and a Java client
 * generated from it at build time (openapi-generator) designs, publishes and runs a workflow.
 */
class GeneratedClientIT {

    private static ApiClient client(String key) {
        ApiClient client = new ApiClient();
        client.updateBaseUri(TestPlatform.baseUri().toString().replaceAll("/$", ""));
        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + key));
        return client;
    }

    @Test
    void thePlatformServesTheContract() throws Exception {
        Api.Reply served = Api.anonymous().get("openapi");
        assertEquals(200, served.status(), served.body());
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(served.body(), null, null);
        // Payara adds a list of its own endpoints at the top, outside the standard; nothing else is off
        assertEquals(
                List.of(),
                parsed.getMessages().stream()
                        .filter(m -> !m.equals("attribute endpoints is unexpected"))
                        .toList());
        OpenAPI contract = new OpenAPIV3Parser()
                .readContents(Files.readString(Path.of("src/main/resources/META-INF/openapi.yaml")), null, null)
                .getOpenAPI();
        assertEquals(
                contract.getInfo().getTitle(), parsed.getOpenAPI().getInfo().getTitle());
        assertEquals(
                contract.getPaths().keySet(),
                parsed.getOpenAPI().getPaths().keySet(),
                "served as written: no path guessed from the classes, none missing");
    }

    @Test
    void aGeneratedClientDesignsPublishesAndRunsAWorkflow() throws Exception {
        ApiClient admin = client(TestPlatform.ADMIN_KEY);
        String appId = new AppsApi(admin)
                .createApp(new CreateAppRequest().name("generated client").appType(2))
                .getAppId();
        Map<String, Object> design = Map.of(
                "nodes",
                List.of(
                        Map.of(
                                "nodeKey",
                                "start",
                                "name",
                                "Start",
                                "nodeType",
                                "Start",
                                "fieldDesigns",
                                List.of(Map.of(
                                        "fieldName",
                                        "who",
                                        "expressionType",
                                        "Fixed",
                                        "value",
                                        Map.of("fieldType", "String", "isRequired", true)))),
                        Map.of(
                                "nodeKey",
                                "greet",
                                "name",
                                "Greet",
                                "nodeType",
                                "DataProcess",
                                "fieldDesigns",
                                List.of(Map.of(
                                        "fieldName",
                                        "text",
                                        "expressionType",
                                        "StringInterpolation",
                                        "value",
                                        "hello {{input.who}}"))),
                        Map.of(
                                "nodeKey",
                                "end",
                                "name",
                                "End",
                                "nodeType",
                                "End",
                                "fieldDesigns",
                                List.of(Map.of(
                                        "fieldName", "answer", "expressionType", "Variable", "value", "greet.text")))),
                "connections",
                List.of(
                        Map.of("sourceNodeKey", "start", "targetNodeKey", "greet"),
                        Map.of("sourceNodeKey", "greet", "targetNodeKey", "end")));
        DefinitionsApi definitions = new DefinitionsApi(admin);
        definitions.saveDefinitionDraft(appId, new DefinitionUpdate().functionDesignDraft(design));
        assertEquals(1, definitions.publishDefinition(appId, null).getVersion());

        InstanceDetail run = new ExecutionsApi(admin)
                .executeWorkflow(new ExecuteRequest().appId(appId).parameters(Map.of("who", "Ada")), false, null, null);
        assertEquals(RunState.COMPLETED, run.getState());
        assertEquals(Map.of("answer", "hello Ada"), run.getResult());
        assertEquals(3, run.getNodeExecutions().size());

        InstancesApi instances = new InstancesApi(admin);
        assertEquals(run.getResult(), instances.getInstance(run.getId()).getResult());
        InstancePage page = instances.listInstances(
                appId, RunState.COMPLETED, null, null, null, null, null, null, null, null, null, 1, 20, null);
        assertTrue(page.getItems().stream().anyMatch(i -> i.getId().equals(run.getId())), page.toString());
        assertTrue(page.getTotalExact());
        InstancePage byId = instances.listInstances(
                null, null, null, null, null, null, null, null, null, run.getId(), null, 1, 20, null);
        assertEquals(
                List.of(run.getId()),
                byId.getItems().stream().map(i -> i.getId()).toList());

        ApiException missing = assertThrows(ApiException.class, () -> new AppsApi(admin).getApp("no-such-app"));
        assertEquals(404, missing.getCode());
        assertTrue(missing.getResponseBody().contains("APP_NOT_FOUND"), missing.getResponseBody());
        ApiException anonymous = assertThrows(ApiException.class, () -> new AppsApi(client("not-a-key")).getApp(appId));
        assertEquals(401, anonymous.getCode());
    }
}
