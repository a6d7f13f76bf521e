package io.aiworkflow.web.it;

import jakarta.json.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The security model through the API: keys, roles, team isolation. */
class SecurityIT {

    private static long otherTeam;
    private static Api otherEditor;
    private static Api otherViewer;
    private static Api defaultEditor;
    private static String defaultAppId;

    @BeforeAll
    static void teamsAndKeys() {
        Api admin = Api.admin();
        Api.Reply team = admin.post(
                "api/admin/teams",
                Json.createObjectBuilder()
                        .add("name", "Team " + UUID.randomUUID())
                        .build());
        assertEquals(201, team.status(), team.body());
        otherTeam = team.json().getJsonNumber("teamId").longValue();
        otherEditor = key(admin, otherTeam, "editor");
        otherViewer = key(admin, otherTeam, "viewer");
        defaultEditor = key(admin, null, "editor");
        defaultAppId = defaultEditor
                .post(
                        "api/app/team/create",
                        Json.createObjectBuilder()
                                .add("name", "private app")
                                .add("appType", 2)
                                .build())
                .json()
                .getString("appId");
    }

    static Api key(Api admin, Long teamId, String role) {
        var body = Json.createObjectBuilder().add("name", role + " key").add("role", role);
        if (teamId != null) {
            body.add("teamId", teamId);
        }
        Api.Reply reply = admin.post("api/admin/api-keys", body.build());
        assertEquals(201, reply.status(), reply.body());
        assertTrue(reply.json().getString("key").startsWith("wf_"));
        return new Api(reply.json().getString("key"));
    }

    @Test
    void noCredentialsIsUnauthorizedJson() {
        Api.Reply reply = Api.anonymous().get("api/app/team/list");
        assertEquals(401, reply.status());
        assertEquals("UNAUTHORIZED", reply.code());
        assertEquals(401, new Api("wf_not_a_real_key").get("api/app/team/list").status());
    }

    @Test
    void anotherTeamsAppIsNotFound() {
        Api.Reply reply = otherEditor.get("api/app/workflow/definition/" + defaultAppId);
        assertEquals(404, reply.status());
        assertEquals("APP_NOT_FOUND", reply.code());
        assertEquals(
                404,
                otherEditor
                        .post(
                                "api/app/team/set_disable",
                                Json.createObjectBuilder()
                                        .add("appId", defaultAppId)
                                        .add("isDisabled", true)
                                        .build())
                        .status());
        assertEquals(
                404,
                otherEditor
                        .delete(
                                "api/app/team/delete",
                                Json.createObjectBuilder()
                                        .add("appId", defaultAppId)
                                        .build())
                        .status());
        assertEquals(
                200,
                defaultEditor.get("api/app/workflow/definition/" + defaultAppId).status());
    }

    @Test
    void listsShowOnlyTheCallersTeam() {
        Api.Reply list = otherEditor.get("api/app/team/list?pageSize=200");
        assertTrue(list.json().getJsonArray("items").stream()
                .noneMatch(i -> i.asJsonObject().getString("appId").equals(defaultAppId)));
    }

    @Test
    void aTeamTheCallerMayNotUseIsForbidden() {
        Api.Reply reply = otherEditor.post(
                "api/app/team/create",
                Json.createObjectBuilder()
                        .add("name", "sneaky")
                        .add("appType", 2)
                        .add("teamId", 1)
                        .build());
        assertEquals(403, reply.status(), reply.body());
        assertEquals("FORBIDDEN", reply.code());
    }

    @Test
    void viewerReadsButCannotWrite() {
        assertEquals(200, otherViewer.get("api/app/team/list").status());
        Api.Reply reply = otherViewer.post(
                "api/app/team/create",
                Json.createObjectBuilder().add("name", "nope").add("appType", 2).build());
        assertEquals(403, reply.status());
        assertEquals("FORBIDDEN", reply.code());
    }

    @Test
    void onlyAdminsManageKeysAndKeysAreShownOnce() {
        Api.Reply denied = otherEditor.post(
                "api/admin/api-keys",
                Json.createObjectBuilder().add("name", "x").build());
        assertEquals(403, denied.status());
        Api.Reply keys = Api.admin().get("api/admin/api-keys");
        assertEquals(200, keys.status());
        assertFalse(keys.body().contains("\"key\""), "a key listing must not reveal key values");
        assertFalse(keys.body().contains(otherEditor.key()));
    }

    @Test
    void aRevokedKeyStopsWorking() {
        Api.Reply created = Api.admin()
                .post(
                        "api/admin/api-keys",
                        Json.createObjectBuilder().add("name", "short-lived").build());
        Api key = new Api(created.json().getString("key"));
        assertEquals(200, key.get("api/app/team/list").status());
        long id = created.json().getJsonNumber("id").longValue();
        assertEquals(200, Api.admin().delete("api/admin/api-keys/" + id, null).status());
        assertEquals(401, key.get("api/app/team/list").status());
    }

    @Test
    void accessTokenQueryParameterAuthenticatesReads() {
        Api.Reply reply =
                Api.send(HttpRequest.newBuilder(Api.uri("api/app/team/list?access_token=" + TestPlatform.ADMIN_KEY))
                        .build());
        assertEquals(200, reply.status());
    }
}
