package io.aiworkflow.web.it;

import io.aiworkflow.testing.WorkflowDesign;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The app lifecycle through the HTTP API: create, draft, publish, versions, disable, delete. */
class AppLifecycleIT {

    private final Api api = Api.admin();

    @Test
    void healthIsUp() {
        Api.Reply reply = Api.anonymous().get("health/ready");
        assertEquals(200, reply.status());
        assertEquals("UP", reply.json().getString("status"));
    }

    @Test
    void createDraftPublishAndReadVersions() {
        Api.Reply created = api.post(
                "api/app/team/create",
                Json.createObjectBuilder()
                        .add("name", "Customer service")
                        .add("description", "answers questions")
                        .add("avatar", "https://example.com/a.png")
                        .add("appType", 2)
                        .build());
        assertEquals(201, created.status(), created.body());
        String appId = created.json().getString("appId");
        assertEquals("Customer service", created.json().getString("name"));
        assertEquals(2, created.json().getInt("appType"));
        assertNotNull(created.json().getString("createTime"));

        JsonObject design = WorkflowDesign.linear("node_1", "node_2").build();
        Api.Reply saved = api.put(
                "api/app/workflow/definition/" + appId,
                Json.createObjectBuilder()
                        .add("appId", appId)
                        .add("name", "Customer service v2")
                        .add(
                                "uiDesignDraft",
                                Json.createObjectBuilder()
                                        .add("nodes", Json.createArrayBuilder())
                                        .add("edges", Json.createArrayBuilder()))
                        .add("functionDesignDraft", design)
                        .build());
        assertEquals(200, saved.status(), saved.body());
        assertEquals("Customer service v2", saved.json().getString("name"));
        assertFalse(saved.json().getBoolean("isPublish"));
        assertEquals(design, saved.json().getJsonObject("functionDesignDraft"));

        Api.Reply published = api.post(
                "api/app/workflow/definition/" + appId + "/publish",
                Json.createObjectBuilder().add("appId", appId).build());
        assertEquals(200, published.status(), published.body());
        assertTrue(published.json().getBoolean("success"));
        assertEquals(1, published.json().getInt("version"));

        // the same draft again makes no new version
        Api.Reply again = api.post("api/app/workflow/definition/" + appId + "/publish", null);
        assertEquals(1, again.json().getInt("version"), again.body());
        assertTrue(again.json().getBoolean("unchanged"), again.body());
        assertEquals(
                1,
                api.get("api/app/workflow/definition/" + appId + "/versions")
                        .value()
                        .asJsonArray()
                        .size());
        // a changed draft does
        assertEquals(
                200,
                api.put(
                                "api/app/workflow/definition/" + appId,
                                Json.createObjectBuilder()
                                        .add(
                                                "uiDesignDraft",
                                                Json.createObjectBuilder().add("zoom", 2))
                                        .build())
                        .status());
        again = api.post("api/app/workflow/definition/" + appId + "/publish", null);
        assertEquals(2, again.json().getInt("version"), again.body());
        assertFalse(again.json().getBoolean("unchanged"), again.body());

        Api.Reply definition = api.get("api/app/workflow/definition/" + appId);
        assertTrue(definition.json().getBoolean("isPublish"));
        assertEquals(design, definition.json().getJsonObject("functionDesign"));

        Api.Reply versions = api.get("api/app/workflow/definition/" + appId + "/versions");
        assertEquals(2, versions.value().asJsonArray().size());
        Api.Reply v1 = api.get("api/app/workflow/definition/" + appId + "/versions/1");
        assertEquals(design, v1.json().getJsonObject("functionDesign"));
        assertEquals(
                "VERSION_NOT_FOUND",
                api.get("api/app/workflow/definition/" + appId + "/versions/9").code());
    }

    @Test
    void namesSortAsPeopleReadThemAndDesignChangesCountAsUpdates() {
        String prefix = "sort " + UUID.randomUUID().toString().substring(0, 8);
        for (String name : List.of("charlie", "Beta", "alpha")) {
            assertEquals(
                    201,
                    api.post(
                                    "api/app/team/create",
                                    Json.createObjectBuilder()
                                            .add("name", prefix + " " + name)
                                            .add("appType", 2)
                                            .build())
                            .status());
        }
        List<String> names = api
                .get("api/app/team/list?sort=name&order=asc&name=" + prefix.replace(" ", "%20"))
                .json()
                .getJsonArray("items")
                .stream()
                .map(v -> v.asJsonObject().getString("name").substring(prefix.length() + 1))
                .toList();
        assertEquals(List.of("alpha", "Beta", "charlie"), names, "not uppercase first");

        String app = Workflows.publish(
                api, prefix + " touched", WorkflowDesign.linear("a").build());
        OffsetDateTime published =
                OffsetDateTime.parse(api.get("api/app/team/" + app).json().getString("updateTime"));
        assertEquals(
                200,
                api.put(
                                "api/app/workflow/definition/" + app,
                                Json.createObjectBuilder()
                                        .add(
                                                "functionDesignDraft",
                                                WorkflowDesign.linear("a", "b").build())
                                        .build())
                        .status());
        OffsetDateTime saved =
                OffsetDateTime.parse(api.get("api/app/team/" + app).json().getString("updateTime"));
        assertTrue(saved.isAfter(published), "a draft save updates the app: " + published + " then " + saved);
    }

    @Test
    void listIsPagedFilteredAndOmitsDeletedApps() {
        Api editor = SecurityIT.key(
                api,
                api.post(
                                "api/admin/teams",
                                Json.createObjectBuilder()
                                        .add("name", "paging " + UUID.randomUUID())
                                        .build())
                        .json()
                        .getJsonNumber("teamId")
                        .longValue(),
                "editor");
        String[] ids = new String[5];
        for (int i = 0; i < 5; i++) {
            ids[i] = editor.post(
                            "api/app/team/create",
                            Json.createObjectBuilder()
                                    .add("name", "app " + i)
                                    .add("appType", i == 4 ? 0 : 2)
                                    .build())
                    .json()
                    .getString("appId");
        }
        JsonObject page1 = editor.get("api/app/team/list?page=1&pageSize=2").json();
        assertEquals(5, page1.getInt("total"));
        assertEquals(2, page1.getJsonArray("items").size());
        assertEquals("app 4", page1.getJsonArray("items").getJsonObject(0).getString("name"), "newest first");
        JsonObject page3 = editor.get("api/app/team/list?page=3&pageSize=2").json();
        assertEquals(1, page3.getJsonArray("items").size());
        assertEquals(4, editor.get("api/app/team/list?appType=2").json().getInt("total"));
        assertEquals(1, editor.get("api/app/team/list?name=APP%203").json().getInt("total"));

        Api.Reply disabled = editor.post(
                "api/app/team/set_disable",
                Json.createObjectBuilder()
                        .add("appId", ids[1])
                        .add("isDisabled", true)
                        .build());
        assertEquals(200, disabled.status(), disabled.body());
        assertTrue(disabled.json().getBoolean("isDisabled"));

        Api.Reply deleted = editor.delete(
                "api/app/team/delete",
                Json.createObjectBuilder().add("appId", ids[0]).build());
        assertEquals(200, deleted.status(), deleted.body());
        assertEquals(4, editor.get("api/app/team/list").json().getInt("total"));
        assertEquals(
                "APP_NOT_FOUND",
                editor.get("api/app/workflow/definition/" + ids[0]).code());
        assertEquals(
                200, editor.delete("api/app/team/delete?appId=" + ids[2], null).status());
    }

    @Test
    void nodeDefinitionsForEveryTypeAndBatchPartialFailures() {
        JsonObject start = api.post(
                        "api/app/workflow/node-define/query",
                        Json.createObjectBuilder().add("nodeType", "Start").build())
                .json();
        assertEquals("Start", start.getString("nodeType"));
        assertNotNull(start.getString("icon"));
        assertNotNull(start.getString("color"));
        JsonObject ai = api.post(
                        "api/app/workflow/node-define/query",
                        Json.createObjectBuilder().add("nodeType", "AiChat").build())
                .json();
        assertTrue(ai.getBoolean("supportsStreaming"));

        var requests = Json.createArrayBuilder();
        String[] types = {
            "Start", "End", "AiChat", "Wiki", "Condition", "ForEach", "Fork", "JavaScript", "DataProcess", "SubWorkflow"
        };
        for (String t : types) {
            requests.add(Json.createObjectBuilder().add("requestId", "r_" + t).add("nodeType", t));
        }
        requests.add(Json.createObjectBuilder()
                .add("requestId", "r_plugin")
                .add("nodeType", "Plugin")
                .add("pluginId", 987654));
        requests.add(Json.createObjectBuilder().add("requestId", "r_bad").add("nodeType", "Teleport"));
        JsonObject batch = api.post(
                        "api/app/workflow/node-define/batch-query",
                        Json.createObjectBuilder().add("requests", requests).build())
                .json();
        assertEquals(types.length, batch.getJsonArray("nodeDefines").size());
        assertEquals(
                "r_Start", batch.getJsonArray("nodeDefines").getJsonObject(0).getString("requestId"));
        assertEquals(2, batch.getJsonArray("errors").size());
        assertEquals(
                "PLUGIN_NOT_FOUND",
                batch.getJsonArray("errors").getJsonObject(0).getString("errorCode"));
        assertEquals("r_plugin", batch.getJsonArray("errors").getJsonObject(0).getString("requestId"));

        var tooMany = Json.createArrayBuilder();
        for (int i = 0; i < 51; i++) {
            tooMany.add(Json.createObjectBuilder().add("nodeType", "Start"));
        }
        assertEquals(
                400,
                api.post(
                                "api/app/workflow/node-define/batch-query",
                                Json.createObjectBuilder()
                                        .add("requests", tooMany)
                                        .build())
                        .status());
    }
}
