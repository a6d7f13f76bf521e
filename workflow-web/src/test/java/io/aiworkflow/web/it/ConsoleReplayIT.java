package io.aiworkflow.web.it;

import io.aiworkflow.testing.WorkflowDesign;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.io.IOException;
import java.util.List;
import java.util.UUID;

import static io.aiworkflow.testing.WorkflowDesign.fixed;
import static io.aiworkflow.testing.WorkflowDesign.param;
import static io.aiworkflow.testing.WorkflowDesign.template;
import static io.aiworkflow.testing.WorkflowDesign.variable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Retry, replay from a node and compare, as an admin does them on the run page in headless
 * Chromium: a run that failed on a plugin that was down is retried once it is back, then replayed
 * from its first node with edited inputs, then compared with the first run.
 */
class ConsoleReplayIT extends ConsoleBrowserTest {

    private static FakeUpstream upstream;

    @BeforeAll
    static void upstream() throws IOException {
        upstream = new FakeUpstream();
    }

    @AfterAll
    static void stopUpstream() {
        upstream.close();
    }

    private String runState() {
        List<WebElement> found = driver.findElements(By.id("runForm:runState"));
        return found.isEmpty() ? "" : found.get(0).getText().trim();
    }

    private String openedRunId() {
        return driver.getCurrentUrl().replaceAll(".*[?&]id=([^&]+).*", "$1");
    }

    private WebElement nodeRow(String nodeKey) {
        return wait.until(d -> d.findElements(By.cssSelector("#runForm\\:nodes_data > tr[data-ri]")).stream()
                .filter(r -> r.findElements(By.cssSelector(".wf-node-key")).stream()
                        .anyMatch(k -> k.getText().equals(nodeKey)))
                .findFirst()
                .orElse(null));
    }

    @Test
    void retryReplayFromANodeAndCompareOnTheRunPage() {
        Api api = Api.admin();
        long flaky = api.post(
                        "api/app/plugin",
                        Json.createObjectBuilder()
                                .add("name", "flaky " + UUID.randomUUID())
                                .add("method", "GET")
                                .add("url", upstream.baseUrl() + "/flaky")
                                .build())
                .json()
                .getJsonNumber("pluginId")
                .longValue();
        String appId = WorkflowDesign.design()
                .start(param("name", "String", true))
                .node("greet", "DataProcess", template("text", "hello {{input.name}}"))
                .node("call", "Plugin", fixed("pluginId", Json.createValue(flaky)))
                .end(variable("answer", "greet.text"), variable("status", "call.status"))
                .chain("start", "greet", "call", "end")
                .then(d -> Workflows.publish(api, "Console replay " + UUID.randomUUID(), d));
        upstream.flakyDown.set(true);
        JsonObject failed = api.post(
                        "api/app/workflow/execute",
                        Json.createObjectBuilder()
                                .add("appId", appId)
                                .add("parameters", Json.createObjectBuilder().add("name", "Ada"))
                                .build())
                .json();
        assertEquals("Failed", failed.getString("state"));
        String failedId = failed.getString("id");
        loginAsAdmin();

        // Retry: the plugin is back; the new run reuses greet and calls only the plugin
        open("console/run.xhtml?id=" + failedId);
        wait.until(d -> "Failed".equals(runState()));
        upstream.flakyDown.set(false);
        click(By.id("runForm:retry"));
        wait.until(d -> !openedRunId().equals(failedId) && "Completed".equals(runState()));
        String retriedId = openedRunId();
        assertEquals(failedId, driver.findElement(By.id("runForm:replayOfLink")).getText());
        click(By.id("runForm:replayOfLink"));
        wait.until(d -> openedRunId().equals(failedId));
        assertEquals(
                List.of(retriedId),
                driver.findElements(By.cssSelector(".wf-replayed-by")).stream()
                        .map(WebElement::getText)
                        .toList(),
                "the run links to its retry");
        open("console/run.xhtml?id=" + retriedId);
        wait.until(d -> "Completed".equals(runState()));
        assertTrue(!nodeRow("greet").findElements(By.cssSelector(".wf-reused")).isEmpty(), "greet is shown as reused");
        assertTrue(nodeRow("call").findElements(By.cssSelector(".wf-reused")).isEmpty(), "call ran");

        // Replay from greet with edited inputs: the form shows the plan before anything starts
        nodeRow("greet").findElement(By.cssSelector(".wf-replay-from")).click();
        ajaxDone();
        WebElement plan = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("replayPlan")));
        assertTrue(plan.getText().contains("start: reuse"), plan.getText());
        assertTrue(plan.getText().contains("greet: run"), plan.getText());
        assertTrue(plan.getText().contains("call: run"), plan.getText());
        WebElement inputs = driver.findElement(By.id("replayForm:replayInputs"));
        assertTrue(inputs.getDomProperty("value").contains("hello Ada"), inputs.getDomProperty("value"));
        inputs.clear();
        inputs.sendKeys("{\"text\": \"edited in the console\"}");
        click(By.id("replayForm:startReplay"));
        wait.until(d -> !openedRunId().equals(retriedId) && "Completed".equals(runState()));
        String replayId = openedRunId();
        JsonObject replayed = api.get("api/app/workflow/instance/" + replayId).json();
        assertEquals("edited in the console", replayed.getJsonObject("result").getString("answer"));
        assertEquals(retriedId, replayed.getString("replayOf"));

        // Compare the replay with the run it replays
        driver.findElement(By.id("runForm:compareWith")).sendKeys(retriedId);
        click(By.id("runForm:compare"));
        wait.until(ExpectedConditions.urlContains("/console/compare.xhtml"));
        WebElement table = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("differences")));
        assertTrue(table.getText().contains("result"), table.getText());
        // the changes that turn this run's values into the other's: its answer was "hello Ada"
        assertTrue(table.getText().contains("/answer") && table.getText().contains("hello Ada"), table.getText());
        assertTrue(table.getText().contains("greet"), table.getText());
        assertEquals(
                4, driver.findElements(By.cssSelector("svg#graphA g.wf-node")).size(), "both runs drawn");
        assertEquals(
                4, driver.findElements(By.cssSelector("svg#graphB g.wf-node")).size());
    }

    @Test
    void theAppPageShowsWhatTheDraftChangesAgainstAVersion() {
        Api api = Api.admin();
        String appId = WorkflowDesign.linear("greet")
                .then(d -> Workflows.publish(api, "Console diff " + UUID.randomUUID(), d));
        JsonObject draft = WorkflowDesign.linear("greet", "shout").build();
        assertEquals(
                200,
                api.put(
                                "api/app/workflow/definition/" + appId,
                                Json.createObjectBuilder()
                                        .add("functionDesignDraft", draft)
                                        .build())
                        .status());
        loginAsAdmin();

        open("console/app.xhtml?appId=" + appId);
        click(By.cssSelector(".wf-compare-version"));
        WebElement diff = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("versionDiffText")));

        assertTrue(diff.getText().contains("+ node shout"), diff.getText());
        assertTrue(diff.getText().contains("+ greet → shout"), diff.getText());
        assertTrue(diff.getText().contains("- greet → end"), diff.getText());
    }
}
