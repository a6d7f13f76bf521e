package io.aiworkflow.web.it;

import io.aiworkflow.testing.WorkflowDesign;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The admin console in headless Chromium: login, apps (create, table, disable, delete), an app's
 * graphs and publishing with its validation problems, and API keys whose shown value works.
 */
class ConsoleIT extends ConsoleBrowserTest {

    @Test
    void pagesNeedALoginAndAWrongPasswordIsRefused() {
        open("console/apps.xhtml");
        wait.until(ExpectedConditions.urlContains("/console/login.xhtml"));
        login(TestPlatform.ADMIN_USER, "not-the-password");
        WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#loginForm\\:messages .ui-messages-error")));
        assertTrue(error.getText().contains("Wrong username or password"), error.getText());
        assertTrue(driver.getCurrentUrl().contains("/console/login.xhtml"));

        login(TestPlatform.ADMIN_USER, TestPlatform.ADMIN_PASSWORD);
        wait.until(ExpectedConditions.urlContains("/console/apps.xhtml"));
        assertEquals(
                TestPlatform.ADMIN_USER,
                driver.findElement(By.id("menuForm:user")).getText());

        click(By.id("menuForm:logout"));
        wait.until(ExpectedConditions.urlContains("/console/login.xhtml"));
        open("console/keys.xhtml");
        wait.until(ExpectedConditions.urlContains("/console/login.xhtml"));
    }

    @Test
    void runsFiltersFromTheAddressThatCannotBeAreDroppedWithAMessage() {
        String app = ScheduleIT.app("console filters");
        Api.admin()
                .post(
                        "api/app/workflow/execute",
                        Json.createObjectBuilder().add("appId", app).build());
        loginAsAdmin();
        open("console/runs.xhtml?appId=%00");
        WebElement error = wait.until(
                ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#messages .ui-messages-error")));
        assertTrue(error.getText().contains("No app with that id"), error.getText());
        assertTrue(!driver.getPageSource().contains("Unexpected error"));

        open("console/runs.xhtml?state=Bogus");
        error = wait.until(
                ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#messages .ui-messages-error")));
        assertTrue(error.getText().contains("'Bogus' is not a run state"), error.getText());
        wait.until(d -> !d.findElements(By.cssSelector("#runsForm\\:runs_data > tr[data-ri]"))
                .isEmpty());
    }

    @Test
    void anUnknownPageIsABrandedNotFoundPage() {
        loginAsAdmin();
        open("console/no-such-page.xhtml");
        WebElement heading = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("notFound")));
        assertEquals("Page not found", heading.getText());
        click(By.id("toConsole"));
        wait.until(ExpectedConditions.urlContains("/console/apps.xhtml"));
        Api.Reply api = Api.admin().get("api/no/such/path");
        assertEquals(404, api.status());
        assertEquals("NOT_FOUND", api.json().getString("code"), "the API keeps its JSON errors");
    }

    @Test
    void aBlankAppNameIsRefusedAsTheApiRefusesIt() {
        loginAsAdmin();
        long before = Api.admin()
                .get("api/app/team/list?pageSize=1")
                .json()
                .getJsonNumber("total")
                .longValue();
        click(By.id("appsForm:newApp"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("createForm:name")))
                .sendKeys("   ");
        click(By.id("createForm:create"));
        WebElement error = wait.until(
                ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#messages .ui-messages-error")));
        assertTrue(error.getText().contains("name: is required"), error.getText());
        assertTrue(driver.findElement(By.id("createDlg")).isDisplayed(), "the dialog stays open");
        assertEquals(
                before,
                Api.admin()
                        .get("api/app/team/list?pageSize=1")
                        .json()
                        .getJsonNumber("total")
                        .longValue(),
                "no app was made");
    }

    @Test
    void createAnAppPublishItsDraftAndManageIt() throws IOException {
        loginAsAdmin();
        String name = "Console app " + UUID.randomUUID().toString().substring(0, 8);

        click(By.id("appsForm:newApp"));
        WebElement nameInput = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("createForm:name")));
        nameInput.sendKeys(name);
        driver.findElement(By.id("createForm:description")).sendKeys("made in the browser");
        click(By.id("createForm:create"));
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("createDlg")));
        WebElement row = appRow(name);

        // the lazy table filters on the server: a name filter leaves just this app
        driver.findElement(By.id("appsForm:apps:name:filter")).sendKeys(name);
        wait.until(d -> rows().size() == 1 && rows().get(0).getText().contains(name));

        row = appRow(name);
        row.findElement(By.cssSelector("a.wf-open")).click();
        wait.until(ExpectedConditions.urlContains("/console/app.xhtml?appId="));
        String appId = driver.getCurrentUrl().replaceAll(".*appId=([^&]+).*", "$1");
        assertEquals(name, driver.findElement(By.id("appName")).getText());

        // an orphan node: not reachable from Start, cannot reach End
        JsonObject valid = WorkflowDesign.linear("node_1", "node_2").build();
        JsonObject invalid = Workflows.withOrphan(valid);
        saveDraft(appId, invalid);
        publishFromDialog();
        WebElement problems = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("appForm:problems")));
        assertTrue(problems.getText().contains("orphan"), problems.getText());
        assertTrue(problems.getText().contains("UNREACHABLE"), problems.getText());
        assertTrue(messages().contains("cannot be published"), messages());

        saveDraft(appId, valid);
        click(By.id("appForm:reload"));
        wait.until(d -> nodeKeys("draftGraph").equals(List.of("start", "node_1", "node_2", "end")));
        assertFalse(driver.findElements(By.id("appForm:problems")).stream().anyMatch(WebElement::isDisplayed));
        publishFromDialog();
        wait.until(d -> messages().contains("version 1"));
        wait.until(d -> nodeKeys("publishedGraph").size() == 4);
        assertEquals(List.of("start", "node_1", "node_2", "end"), nodeKeys("publishedGraph"));
        assertEquals(
                3,
                driver.findElements(By.cssSelector("svg#publishedGraph path.wf-edge"))
                        .size());
        assertTrue(driver.findElement(By.id("appForm:versions")).getText().contains(TestPlatform.ADMIN_USER));
        assertEquals(
                200,
                Api.admin()
                        .get("api/app/workflow/definition/" + appId + "/versions/1")
                        .status());
        screenshot(Path.of("target", "console-app.png"));

        // back in the table: disable, then delete, each after a confirmation
        click(By.id("menuForm:appsItem"));
        wait.until(ExpectedConditions.urlContains("/console/apps.xhtml"));
        screenshot(Path.of("target", "console-apps.png"));
        appRow(name).findElement(By.cssSelector("button.wf-disable")).click();
        confirm();
        wait.until(d -> appRow(name).getText().contains("disabled"));
        assertTrue(Api.admin().get("api/app/team/" + appId).json().getBoolean("isDisabled"));

        appRow(name).findElement(By.cssSelector("button.wf-delete")).click();
        confirm();
        wait.until(d -> rows().stream().noneMatch(r -> r.getText().contains(name)));
        assertEquals(404, Api.admin().get("api/app/team/" + appId).status());
    }

    @Test
    void anAdminDisablesAUserAndSetsTheirPasswordAndTheUserChangesIt() throws Exception {
        String username = "console-user-" + UUID.randomUUID().toString().substring(0, 8);
        assertEquals(
                201,
                Api.admin()
                        .post(
                                "api/admin/users",
                                Json.createObjectBuilder()
                                        .add("username", username)
                                        .add("password", "first-password-1")
                                        .add("role", "viewer")
                                        .build())
                        .status());
        loginAsAdmin();
        click(By.id("menuForm:usersItem"));
        wait.until(ExpectedConditions.urlContains("/console/users.xhtml"));

        userRow(username).findElement(By.cssSelector("button.wf-disable-user")).click();
        confirm();
        wait.until(d -> userRow(username).getText().contains("disabled"));
        assertFalse(ConsoleSession.signedIn(new ConsoleSession().signIn(username, "first-password-1")));
        userRow(username).findElement(By.cssSelector("button.wf-enable-user")).click();
        wait.until(d -> userRow(username).getText().contains("active"));

        userRow(username).findElement(By.cssSelector("button.wf-reset-user")).click();
        WebElement password = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("resetForm:password")));
        password.sendKeys("set-by-the-admin-2");
        click(By.id("resetForm:set"));
        wait.until(d -> messages().contains("Set a new password for '" + username + "'"));
        assertTrue(ConsoleSession.signedIn(new ConsoleSession().signIn(username, "set-by-the-admin-2")));

        // the user, signed in, changes it on the same page
        click(By.id("menuForm:logout"));
        wait.until(ExpectedConditions.urlContains("/console/login.xhtml"));
        login(username, "set-by-the-admin-2");
        wait.until(ExpectedConditions.urlContains("/console/apps.xhtml"));
        click(By.id("menuForm:usersItem"));
        wait.until(ExpectedConditions.urlContains("/console/users.xhtml"));
        assertTrue(driver.findElements(By.id("usersForm:users")).isEmpty(), "only admins see the users");
        driver.findElement(By.id("ownForm:current")).sendKeys("set-by-the-admin-2");
        driver.findElement(By.id("ownForm:new")).sendKeys("chosen-by-the-user-3");
        click(By.id("ownForm:change"));
        wait.until(d -> messages().contains("Your password was changed"));
        assertTrue(ConsoleSession.signedIn(new ConsoleSession().signIn(username, "chosen-by-the-user-3")));
    }

    private WebElement userRow(String username) {
        return wait.until(d -> d.findElements(By.cssSelector("#usersForm\\:users tbody tr")).stream()
                .filter(r -> r.getText().contains(username))
                .findFirst()
                .orElse(null));
    }

    @Test
    void anAdminCreatesAnApiKeyThatWorksUntilRevoked() {
        loginAsAdmin();
        click(By.id("menuForm:keysItem"));
        wait.until(ExpectedConditions.urlContains("/console/keys.xhtml"));
        String name = "console key " + UUID.randomUUID().toString().substring(0, 8);
        driver.findElement(By.id("newKeyForm:name")).sendKeys(name);
        click(By.id("newKeyForm:createKey"));
        WebElement shown = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("createdForm:keyValue")));
        String key = shown.getDomProperty("value");
        assertTrue(key.startsWith("wf_"), key);
        assertEquals(200, new Api(key).get("api/app/team/list").status());

        click(By.id("createdForm:done"));
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("createdDlg")));
        assertTrue(driver.findElements(By.id("createdForm:keyValue")).isEmpty(), "the value is shown once");
        WebElement row = keyRow(name);
        assertTrue(row.getText().contains(key.substring(0, 8)), row.getText());

        row.findElement(By.cssSelector("button.wf-revoke")).click();
        confirm();
        wait.until(d -> keyRow(name).findElements(By.cssSelector(".wf-revoked")).size() == 1);
        assertEquals(401, new Api(key).get("api/app/team/list").status());
    }

    private void confirm() {
        click(By.cssSelector(".ui-confirm-dialog .ui-confirmdialog-yes"));
    }

    private List<WebElement> rows() {
        return driver.findElements(By.cssSelector("#appsForm\\:apps_data > tr[data-ri]"));
    }

    private WebElement appRow(String name) {
        return wait.until(d -> rows().stream()
                .filter(r -> r.getText().contains(name))
                .findFirst()
                .orElse(null));
    }

    private WebElement keyRow(String name) {
        return wait.until(d -> d.findElements(By.cssSelector("#keysForm\\:keys_data > tr")).stream()
                .filter(r -> r.getText().contains(name))
                .findFirst()
                .orElse(null));
    }

    private String messages() {
        return driver.findElement(By.id("messages")).getText();
    }

    private List<String> nodeKeys(String svgId) {
        return driver.findElements(By.cssSelector("svg#" + svgId + " g.wf-node")).stream()
                .map(g -> g.getDomAttribute("data-node-key"))
                .toList();
    }

    private void saveDraft(String appId, JsonObject design) {
        Api.Reply saved = Api.admin()
                .put(
                        "api/app/workflow/definition/" + appId,
                        Json.createObjectBuilder()
                                .add("functionDesignDraft", design)
                                .build());
        assertEquals(200, saved.status(), saved.body());
    }

    /** Publish asks first, showing what changes; the dialog's Publish does it. */
    private void publishFromDialog() {
        click(By.id("appForm:publish"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("publishForm:confirmPublish")));
        click(By.id("publishForm:confirmPublish"));
    }
}
