package io.aiworkflow.web.it;

import io.aiworkflow.testing.WorkflowDesign;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import static io.aiworkflow.testing.WorkflowDesign.param;
import static io.aiworkflow.testing.WorkflowDesign.template;
import static io.aiworkflow.testing.WorkflowDesign.variable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console's run view in headless Chromium: a run started from the app page's parameter form,
 * its page (state, status-coloured graph, timeline, node data), the filtered runs list, and a
 * failed run's error. Browser setup as in {@link ConsoleIT}.
 */
class ConsoleRunIT extends ConsoleBrowserTest {

    /** The succeeded stroke from console.css: proves the status class is styled, not just present. */
    private static final String SUCCEEDED_STROKE = "rgb(56, 158, 13)";

    @Test
    void runFromTheAppPageThenFindItAndAFailedRunInTheList() throws IOException {
        String name = "Run view " + UUID.randomUUID().toString().substring(0, 8);
        String appId = WorkflowDesign.design()
                .node("start", "Start", param("name", "String", true))
                .node("greet", "DataProcess", template("text", "hello {{input.name}}"))
                .node(
                        "shout",
                        "JavaScript",
                        WorkflowDesign.fixed(
                                "code",
                                "function main(input) { console.log('shouting', input.text); return {text: input.text.toUpperCase()}; }"),
                        variable("text", "greet.text"))
                .node("end", "End", variable("answer", "shout.text"))
                .connect("start", "greet")
                .connect("greet", "shout")
                .connect("shout", "end")
                .then(built -> Workflows.publish(Api.admin(), name, built));
        loginAsAdmin();

        // the form has one input per declared parameter; Run opens the new run's page
        open("console/app.xhtml?appId=" + appId);
        WebElement input = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("appForm:params:0:text")));
        input.sendKeys("Ada");
        click(By.id("appForm:run"));
        wait.until(ExpectedConditions.urlContains("/console/run.xhtml?id="));
        String runId = driver.getCurrentUrl().replaceAll(".*[?&]id=([^&]+).*", "$1");

        // the page follows the run until it has ended, then stops re-rendering
        wait.until(d -> "Completed".equals(text(By.id("runForm:runState"))));
        wait.until(d -> "idle".equals(d.findElement(By.tagName("body")).getDomAttribute("data-run-live")));
        List<WebElement> boxes = driver.findElements(By.cssSelector("svg#runGraph g.wf-node"));
        assertEquals(
                List.of("start", "greet", "shout", "end"),
                boxes.stream().map(g -> g.getDomAttribute("data-node-key")).toList());
        for (WebElement box : boxes) {
            assertTrue(box.getDomAttribute("class").contains("wf-status-succeeded"), box.getDomAttribute("class"));
            assertEquals(
                    SUCCEEDED_STROKE, box.findElement(By.cssSelector("rect")).getCssValue("stroke"));
        }
        assertEquals(
                4,
                driver.findElements(By.cssSelector("#timeline .wf-tl-bar.wf-status-succeeded"))
                        .size());
        assertEquals(name, text(By.id("runForm:appLink")));
        // what it was started with and what it answered
        assertTrue(text(By.id("runParameters")).contains("\"name\": \"Ada\""), text(By.id("runParameters")));
        assertTrue(text(By.id("runResult")).contains("HELLO ADA"), text(By.id("runResult")));

        WebElement greet = nodeRow("greet");
        greet.findElement(By.cssSelector(".ui-row-toggler")).click();
        ajaxDone();
        WebElement output = wait.until(
                ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#runForm\\:nodes .wf-node-output")));
        assertTrue(output.getText().contains("\"text\"") && output.getText().contains("hello Ada"), output.getText());
        // each heading sits on what it names
        WebElement heading = output.findElement(By.xpath("preceding-sibling::h4"));
        int gap = output.getRect().getY()
                - (heading.getRect().getY() + heading.getRect().getHeight());
        assertTrue(gap >= 0 && gap <= 8, "Output heading is " + gap + " px above its contents");
        // the script's console.log lines are its trace data (onInvokeData in the trace frames)
        nodeRow("shout").findElement(By.cssSelector(".ui-row-toggler")).click();
        ajaxDone();
        WebElement trace = wait.until(
                ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#runForm\\:nodes .wf-node-trace")));
        assertTrue(
                trace.getText().contains("\"logs\"") && trace.getText().contains("shouting hello Ada"),
                trace.getText());
        screenshot(Path.of("target", "console-run.png"));

        // a run without the required parameter fails in the engine, before any node runs
        JsonObject failed = Api.admin()
                .post(
                        "api/app/workflow/execute",
                        Json.createObjectBuilder()
                                .add("appId", appId)
                                .add("parameters", Json.createObjectBuilder())
                                .build())
                .json();
        assertEquals("Failed", failed.getString("state"));

        // the runs list, filtered by this app and Completed, shows only the browser's run
        // (opened for this app as the app page's link does: the app menu lists every app of the suite)
        assertTrue(driver.findElement(By.id("menuForm:runsItem")).isDisplayed());
        open("console/runs.xhtml?appId=" + appId + "&state=Completed");
        wait.until(ExpectedConditions.urlContains("/console/runs.xhtml"));
        wait.until(d -> runRows().size() == 1 && runRows().get(0).getText().contains(runId));
        assertTrue(runRows().get(0).getText().contains(name), runRows().get(0).getText());
        choose("runsForm:state", "Failed");
        applyUntil(() -> runRows().size() == 1 && runRows().get(0).getText().contains(failed.getString("id")));
        assertTrue(runRows()
                .get(0)
                .findElement(By.cssSelector("a.wf-open-run"))
                .getDomAttribute("href")
                .endsWith("run.xhtml?id=" + failed.getString("id")));
        screenshot(Path.of("target", "console-runs.png"));
        // the time range: a start in the past keeps the run, an end in the past leaves none
        pickTime("runsForm:from_input", "2000-01-01 00:00");
        applyUntil(() -> runRows().size() == 1 && runRows().get(0).getText().contains(failed.getString("id")));
        pickTime("runsForm:to_input", "2000-01-02 00:00");
        applyUntil(() -> runRows().isEmpty());
        assertTrue(text(By.id("runsForm:runs")).contains("No runs match."), text(By.id("runsForm:runs")));

        open("console/run.xhtml?id=" + failed.getString("id"));
        wait.until(ExpectedConditions.urlContains("/console/run.xhtml?id=" + failed.getString("id")));
        wait.until(d -> "Failed".equals(text(By.id("runForm:runState"))));
        String error = text(By.id("runForm:runError"));
        assertTrue(error.contains("VALIDATION_ERROR") && error.contains("parameter 'name' is required"), error);
        assertTrue(driver.findElements(By.id("runForm:cancel")).isEmpty(), "a finished run cannot be canceled");
    }

    /**
     * Replaces a date picker's text; Escape closes its popup so it does not cover the buttons. Keys
     * typed while the popup is still opening can go astray, so the text is checked and typed again.
     */
    private void pickTime(String inputId, String time) {
        for (int attempt = 1; ; attempt++) {
            WebElement input = driver.findElement(By.id(inputId));
            input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
            input.sendKeys(time);
            input.sendKeys(Keys.ESCAPE);
            String typed = driver.findElement(By.id(inputId)).getDomProperty("value");
            if (time.equals(typed)) {
                return;
            }
            if (attempt == 3) {
                throw new AssertionError(inputId + " holds '" + typed + "', not '" + time + "'");
            }
        }
    }

    /**
     * Applies the filters and waits for the table to show what they select. A select menu that
     * was still closing can swallow the first Apply, so it is pressed once more before giving up.
     */
    private void applyUntil(BooleanSupplier shown) {
        click(By.id("runsForm:apply"));
        try {
            wait.withTimeout(Duration.ofSeconds(10)).until(d -> shown.getAsBoolean());
        } catch (RuntimeException firstTry) {
            click(By.id("runsForm:apply"));
            try {
                wait.withTimeout(Duration.ofSeconds(30)).until(d -> shown.getAsBoolean());
            } catch (RuntimeException e) {
                throw new AssertionError(
                        "with state '" + text(By.id("runsForm:state_label")) + "', app '"
                                + text(By.id("runsForm:app_label")) + "', from '"
                                + driver.findElement(By.id("runsForm:from_input"))
                                        .getDomProperty("value") + "', to '"
                                + driver.findElement(By.id("runsForm:to_input")).getDomProperty("value")
                                + "' the runs table shows: " + text(By.id("runsForm:runs"))
                                + "; messages: "
                                + driver.findElements(By.cssSelector(".ui-messages, .ui-growl")).stream()
                                        .map(WebElement::getText)
                                        .toList(),
                        e);
            }
        } finally {
            wait.withTimeout(Duration.ofSeconds(30));
        }
    }

    private String text(By by) {
        List<WebElement> found = driver.findElements(by);
        return found.isEmpty() ? "" : found.get(0).getText().trim();
    }

    private WebElement nodeRow(String nodeKey) {
        return wait.until(d -> d.findElements(By.cssSelector("#runForm\\:nodes_data > tr[data-ri]")).stream()
                .filter(r -> r.findElements(By.cssSelector(".wf-node-key")).stream()
                        .anyMatch(k -> k.getText().equals(nodeKey)))
                .findFirst()
                .orElse(null));
    }

    private List<WebElement> runRows() {
        return driver.findElements(By.cssSelector("#runsForm\\:runs_data > tr[data-ri]"));
    }

    /** Starts a run of a new app whose "review" node waits for a person, and opens its page. */
    private String openWaitingRun(String appPrefix, String name) {
        String appId = WorkflowDesign.design()
                .node("start", "Start", param("name", "String", true))
                .node(
                        "review",
                        "DataProcess",
                        template("text", "draft for {{input.name}}"),
                        WorkflowDesign.fixed("needHumanConfirm", JsonValue.TRUE))
                .node("end", "End", variable("answer", "review.text"))
                .connect("start", "review")
                .connect("review", "end")
                .then(built -> Workflows.publish(
                        Api.admin(),
                        appPrefix + " " + UUID.randomUUID().toString().substring(0, 8),
                        built));
        String runId = Api.admin()
                .post(
                        "api/app/workflow/execute?async=true",
                        Json.createObjectBuilder()
                                .add("appId", appId)
                                .add("parameters", Json.createObjectBuilder().add("name", name))
                                .build())
                .json()
                .getString("instanceId");
        loginAsAdmin();
        open("console/run.xhtml?id=" + runId);
        wait.until(d -> "Waiting".equals(text(By.id("runForm:runState"))));
        return runId;
    }

    @Test
    void aLoopsNodeRunsShowTheirIterationNumbers() {
        String appId = WorkflowDesign.design()
                .node("start", "Start", param("items", "Array", true))
                .node("each", "ForEach", variable("items", "input.items"))
                .node("shout", "DataProcess", template("text", "{{loop.item}}!"))
                .node("end", "End", variable("results", "each.results"))
                .connect("start", "each")
                .connect("each", "shout", "body")
                .connect("each", "end")
                .then(built -> Workflows.publish(
                        Api.admin(), "Loop view " + UUID.randomUUID().toString().substring(0, 8), built));
        JsonObject run = Api.admin()
                .post(
                        "api/app/workflow/execute",
                        Json.createObjectBuilder()
                                .add("appId", appId)
                                .add(
                                        "parameters",
                                        Json.createObjectBuilder()
                                                .add(
                                                        "items",
                                                        Json.createArrayBuilder()
                                                                .add("a")
                                                                .add("b")
                                                                .add("c")))
                                .build())
                .json();
        assertEquals("Completed", run.getString("state"), run.toString());
        loginAsAdmin();
        open("console/run.xhtml?id=" + run.getString("id"));
        wait.until(d -> "Completed".equals(text(By.id("runForm:runState"))));
        List<String> iterations = driver.findElements(By.cssSelector("#runForm\\:nodes_data > tr[data-ri]")).stream()
                .filter(r -> r.getText().contains("shout"))
                .map(r -> r.findElement(By.cssSelector("td.wf-iteration"))
                        .getText()
                        .trim())
                .sorted()
                .toList();
        assertEquals(List.of("1", "2", "3"), iterations);
    }

    @Test
    void theRunPageFollowsARunLiveOnTheDebugChannel() {
        String runId = openWaitingRun("Live", "Cy");
        // a waiting run is not polled: what changes the page now comes over the socket
        wait.until(d -> "socket".equals(driver.findElement(By.tagName("body")).getDomAttribute("data-run-live")));
        // the page may redraw its panel and graph as the socket connects: read them through the wait,
        // which finds the elements again when a redraw replaced them
        wait.until(d -> d.findElement(By.id("runForm:confirmPanel")).isDisplayed());
        // the node waiting for a person stands out on the graph
        wait.until(d -> d.findElement(By.cssSelector("svg#runGraph g.wf-node[data-node-key='review']"))
                .getDomAttribute("class")
                .contains("wf-status-waiting"));

        Api.Reply answered = Api.admin()
                .post(
                        "api/app/workflow/instance/" + runId + "/confirm",
                        Json.createObjectBuilder()
                                .add("nodeKey", "review")
                                .add("approved", true)
                                .build());
        assertEquals(200, answered.status(), answered.body());

        wait.until(d -> "Completed".equals(text(By.id("runForm:runState"))));
        wait.until(d -> d.findElements(By.id("runForm:confirmPanel")).isEmpty());
        wait.until(d -> d.findElements(By.cssSelector("svg#runGraph g.wf-node.wf-status-succeeded"))
                        .size()
                == 3);
        assertEquals(
                "idle",
                driver.findElement(By.tagName("body")).getDomAttribute("data-run-live"),
                "the page stops following a finished run");
        // who answered it, from the audit log
        wait.until(d -> text(By.id("runForm:runActions")).contains("Approved by key:bootstrap"));
        assertTrue(text(By.id("runForm:runActions")).contains("(node review)"), text(By.id("runForm:runActions")));
    }

    @Test
    void aWaitingRunIsApprovedWithEditedInputsFromItsPage() {
        String runId = openWaitingRun("Review", "Bo");
        WebElement inputs = wait.until(
                ExpectedConditions.visibilityOfElementLocated(By.cssSelector("textarea[id$='confirmInputs']")));
        assertTrue(inputs.getDomProperty("value").contains("draft for Bo"), inputs.getDomProperty("value"));
        // Reject asks first; No leaves the run waiting
        click(By.cssSelector("button[id$='reject']"));
        click(By.cssSelector(".ui-confirm-dialog .ui-confirmdialog-no"));
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".ui-confirm-dialog")));
        assertEquals("Waiting", text(By.id("runForm:runState")));
        assertEquals(
                "Waiting",
                Api.admin().get("api/app/workflow/instance/" + runId).json().getString("state"));

        inputs.clear();
        inputs.sendKeys("{\"text\": \"approved text\"}");
        click(By.cssSelector("button[id$='approve']"));
        WebElement question = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector(".ui-confirm-dialog .ui-confirm-dialog-message")));
        assertTrue(question.getText().startsWith("Approve"), question.getText());
        click(By.cssSelector(".ui-confirm-dialog .ui-confirmdialog-yes"));
        try {
            wait.until(d -> "Completed".equals(text(By.id("runForm:runState"))));
        } catch (RuntimeException e) {
            throw new AssertionError(
                    "page: " + driver.findElement(By.id("messages")).getText() + " | state "
                            + text(By.id("runForm:runState")) + " | api "
                            + Api.admin()
                                    .get("api/app/workflow/instance/" + runId)
                                    .body(),
                    e);
        }
        JsonObject instance =
                Api.admin().get("api/app/workflow/instance/" + runId).json();
        assertEquals("approved text", instance.getJsonObject("result").getString("answer"));
        wait.until(d -> text(By.id("runForm:runActions")).contains("Approved by " + TestPlatform.ADMIN_USER));
    }
}
