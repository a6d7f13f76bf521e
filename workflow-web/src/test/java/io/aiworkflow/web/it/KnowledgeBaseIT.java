package io.aiworkflow.web.it;

import io.aiworkflow.testing.WorkflowDesign;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import static io.aiworkflow.testing.WorkflowDesign.fixed;
import static io.aiworkflow.testing.WorkflowDesign.param;
import static io.aiworkflow.testing.WorkflowDesign.variable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Knowledge bases: documents embedded in the server, searched by a Wiki node; registries in node definitions. */
class KnowledgeBaseIT {

    private final Api api = Api.admin();

    @Test
    void aWikiNodeFindsTheRelevantChunk() {
        Api.Reply wiki = api.post(
                "api/app/wiki",
                Json.createObjectBuilder()
                        .add("name", "handbook")
                        .add("description", "company handbook")
                        .build());
        assertEquals(201, wiki.status(), wiki.body());
        long wikiId = wiki.json().getJsonNumber("wikiId").longValue();
        Api.Reply doc = api.post(
                "api/app/wiki/" + wikiId + "/document",
                Json.createObjectBuilder()
                        .add("title", "Passwords")
                        .add(
                                "text",
                                "To reset your password, open the account page and choose "
                                        + "'Forgot password'. A reset link is sent to your e-mail address.\n\nPasswords expire every 90 days.")
                        .build());
        assertEquals(201, doc.status(), doc.body());
        assertTrue(doc.json().getInt("chunkCount") >= 1);
        api.post(
                "api/app/wiki/" + wikiId + "/document",
                Json.createObjectBuilder()
                        .add("title", "Holidays")
                        .add(
                                "text",
                                "Employees have 25 days of paid vacation per year. Public holidays are not counted.")
                        .build());
        assertEquals(
                2,
                api.get("api/app/wiki/" + wikiId + "/document")
                        .value()
                        .asJsonArray()
                        .size());

        String app = WorkflowDesign.design()
                .node("start", "Start", param("question", "String", true))
                .node(
                        "search",
                        "Wiki",
                        fixed("wikiId", Json.createValue(wikiId)),
                        variable("query", "input.question"),
                        fixed("topK", Json.createValue(2)),
                        fixed("minScore", Json.createValue(-1)))
                .node("end", "End", variable("documents", "search.documents"))
                .connect("start", "search")
                .connect("search", "end")
                .then(built -> Workflows.publish(api, "kb", built));
        JsonObject instance = api.post(
                        "api/app/workflow/execute",
                        Json.createObjectBuilder()
                                .add("appId", app)
                                .add(
                                        "parameters",
                                        Json.createObjectBuilder().add("question", "How do I reset my password?"))
                                .build())
                .json();
        assertEquals("Completed", instance.getString("state"), instance.toString());
        JsonArray documents = instance.getJsonObject("result").getJsonArray("documents");
        assertEquals(2, documents.size());
        JsonObject best = documents.getJsonObject(0);
        assertEquals("Passwords", best.getString("title"));
        assertTrue(best.getJsonNumber("score").doubleValue()
                > documents.getJsonObject(1).getJsonNumber("score").doubleValue());
        assertTrue(best.getString("text").contains("reset"));
        assertTrue(instance.getJsonObject("tokens").getInt("embeddingTokens") > 0);

        JsonObject define = api.post(
                        "api/app/workflow/node-define/query",
                        Json.createObjectBuilder()
                                .add("nodeType", "Wiki")
                                .add("wikiId", wikiId)
                                .build())
                .json();
        assertEquals("handbook", define.getString("wikiName"));
    }

    @Test
    void unknownKnowledgeBasesAndPluginsAreNotFound() {
        assertEquals("WIKI_NOT_FOUND", api.get("api/app/wiki/999999").code());
        assertEquals(
                "WIKI_NOT_FOUND",
                api.post(
                                "api/app/workflow/node-define/query",
                                Json.createObjectBuilder()
                                        .add("nodeType", "Wiki")
                                        .add("wikiId", 999999)
                                        .build())
                        .code());
        long pluginId = api.post(
                        "api/app/plugin",
                        Json.createObjectBuilder()
                                .add("name", "crm lookup")
                                .add("url", "https://crm.example.com/customers/{{customerId}}")
                                .add(
                                        "inputFields",
                                        Json.createArrayBuilder()
                                                .add(Json.createObjectBuilder()
                                                        .add("fieldName", "customerId")
                                                        .add("fieldType", "String")
                                                        .add("isRequired", true)
                                                        .add("description", "the customer")))
                                .build())
                .json()
                .getJsonNumber("pluginId")
                .longValue();
        JsonObject define = api.post(
                        "api/app/workflow/node-define/query",
                        Json.createObjectBuilder()
                                .add("nodeType", "Plugin")
                                .add("pluginId", pluginId)
                                .build())
                .json();
        assertEquals("crm lookup", define.getString("pluginName"));
        assertTrue(define.getJsonArray("inputFields").stream()
                .anyMatch(f -> f.asJsonObject().getString("fieldName").equals("customerId")));
    }
}
