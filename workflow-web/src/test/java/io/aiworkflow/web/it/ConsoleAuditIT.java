package io.aiworkflow.web.it;

import jakarta.json.Json;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The audit page in the browser, and what the audit log tells a run's page: who canceled it, even
 * after its app was deleted (a deleted app's runs stay readable).
 */
class ConsoleAuditIT extends ConsoleBrowserTest {

    @Test
    void theAuditPageFiltersWhatPeopleDidAndLinksTheRuns() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String app = Workflows.reviewApp(Api.admin(), "audited in the console " + suffix);
        String run = Workflows.waitingRun(app, "Ada");
        assertEquals(
                200,
                Api.admin()
                        .post("api/app/workflow/instance/" + run + "/cancel", null)
                        .status());
        assertEquals(
                200,
                Api.admin().delete("api/app/team/delete?appId=" + app, null).status());

        // a failed sign-in, then the admin's own
        open("console/login.xhtml");
        login("nobody-" + suffix, "wrong password 1");
        wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#loginForm\\:messages .ui-messages-error")));
        login(TestPlatform.ADMIN_USER, TestPlatform.ADMIN_PASSWORD);
        wait.until(ExpectedConditions.urlContains("/console/apps.xhtml"));

        // the run of the deleted app stays readable, and says who canceled it
        open("console/run.xhtml?id=" + run);
        wait.until(d -> "Canceled".equals(text(By.id("runForm:runState"))));
        assertTrue(text(By.id("runForm:deletedApp")).contains("(deleted)"), text(By.id("runForm:deletedApp")));
        assertTrue(driver.findElements(By.id("runForm:appLink")).isEmpty(), "no link to a page that is gone");
        assertEquals(
                3, driver.findElements(By.cssSelector("svg#runGraph g.wf-node")).size());
        assertTrue(
                text(By.id("runForm:runActions")).contains("Canceled by key:bootstrap"),
                text(By.id("runForm:runActions")));

        click(By.id("menuForm:auditItem"));
        wait.until(ExpectedConditions.urlContains("/console/audit.xhtml"));
        wait.until(d -> !rows().isEmpty());
        // the newest first: this admin's sign-in
        assertTrue(rows().get(0).getText().contains("login"), rows().get(0).getText());

        driver.findElement(By.id("auditForm:actor")).sendKeys("nobody-" + suffix);
        click(By.id("auditForm:apply"));
        wait.until(d -> rows().size() == 1);
        assertTrue(
                rows().get(0).getText().contains("login.failed"), rows().get(0).getText());
        assertTrue(
                rows().get(0).getText().contains("no such user"), rows().get(0).getText());

        driver.findElement(By.id("auditForm:actor")).clear();
        choose("auditForm:action", "run (all)");
        click(By.id("auditForm:apply"));
        wait.until(d ->
                !rows().isEmpty() && rows().stream().allMatch(r -> r.getText().contains("run.")));
        WebElement link = rows().stream()
                .map(r -> r.findElements(By.cssSelector("a.wf-audit-target")))
                .filter(l -> !l.isEmpty() && l.get(0).getText().equals("run:" + run))
                .map(l -> l.get(0))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no link to run " + run));
        assertTrue(link.getDomAttribute("href").endsWith("run.xhtml?id=" + run), link.getDomAttribute("href"));
        String export = driver.findElement(By.id("auditForm:export")).getDomAttribute("href");
        assertTrue(export.contains("api/admin/audit/export?action=run"), export);

        // the CSV the link downloads, with this browser's session
        String csv = (String) ((org.openqa.selenium.JavascriptExecutor) driver)
                .executeAsyncScript("var done = arguments[arguments.length - 1];"
                        + "fetch(document.getElementById('auditForm:export').href).then(r => r.text()).then(done);");
        List<String> lines = csv.lines().toList();
        assertEquals("time,actor,action,target,details,address", lines.get(0));
        assertTrue(lines.stream().anyMatch(l -> l.contains("run.cancel") && l.contains("run:" + run)), csv);
    }

    @Test
    void onlyAdminsSeeTheAuditLog() throws Exception {
        String username = "auditless-" + UUID.randomUUID().toString().substring(0, 8);
        Api.admin()
                .post(
                        "api/admin/users",
                        Json.createObjectBuilder()
                                .add("username", username)
                                .add("password", "editor password 1")
                                .add("role", "editor")
                                .build());
        open("console/login.xhtml");
        login(username, "editor password 1");
        wait.until(ExpectedConditions.urlContains("/console/apps.xhtml"));
        assertTrue(driver.findElements(By.id("menuForm:auditItem")).isEmpty());
        open("console/audit.xhtml");
        wait.until(d -> text(By.cssSelector("main.wf-content")).contains("Only admins read the audit log"));
        assertTrue(driver.findElements(By.id("auditForm:entries")).isEmpty());
    }

    private List<WebElement> rows() {
        return driver.findElements(By.cssSelector("#auditForm\\:entries_data > tr[data-ri]"));
    }

    private String text(By by) {
        List<WebElement> found = driver.findElements(by);
        return found.isEmpty() ? "" : found.get(0).getText().trim();
    }
}
