package io.aiworkflow.web.it;

import io.aiworkflow.testing.WorkflowDesign;
import jakarta.json.Json;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.util.List;
import java.util.UUID;

import static io.aiworkflow.testing.WorkflowDesign.fixed;
import static io.aiworkflow.testing.WorkflowDesign.param;
import static io.aiworkflow.testing.WorkflowDesign.variable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboard draws the team's runs as charts (runs per state, the nodes that fail most), and
 * "My approvals" lists the runs waiting on the signed-in user, not those assigned to others.
 */
class ConsoleDashboardIT extends ConsoleBrowserTest {

    @Test
    void chartsShowTheRunsAndTheInboxShowsWhatWaitsOnMe() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String flaky = WorkflowDesign.design()
                .node("start", "Start", param("fail", "Boolean", true))
                .node(
                        "boom",
                        "JavaScript",
                        fixed(
                                "code",
                                "function main(input) { if (input.fail) { throw new Error('boom'); } return {ok: true}; }"),
                        variable("fail", "start.fail"))
                .node("end", "End", variable("ok", "boom.ok"))
                .connect("start", "boom")
                .connect("boom", "end")
                .then(built -> Workflows.publish(Api.admin(), "dashboard flaky " + suffix, built));
        for (boolean fail : List.of(false, true, true, false)) {
            Api.admin()
                    .post(
                            "api/app/workflow/execute",
                            Json.createObjectBuilder()
                                    .add("appId", flaky)
                                    .add(
                                            "parameters",
                                            Json.createObjectBuilder().add("fail", fail))
                                    .build());
        }
        String mine = Workflows.waitingRun(
                Workflows.reviewApp(Api.admin(), "inbox mine " + suffix, TestPlatform.ADMIN_USER), "mine");
        String others = Workflows.waitingRun(
                Workflows.reviewApp(Api.admin(), "inbox others " + suffix, "somebody-else"), "others");

        loginAsAdmin();
        click(By.id("menuForm:dashboardItem"));
        wait.until(ExpectedConditions.urlContains("/console/dashboard.xhtml"));
        wait.until(d -> Boolean.TRUE.equals(script("return !!(PF('runsChart') && PF('runsChart').chart);")));
        assertTrue(Long.parseLong(text(By.id("runCount"))) >= 6, text(By.id("runCount")));
        assertTrue(Long.parseLong(text(By.id("failedCount"))) >= 2, text(By.id("failedCount")));
        @SuppressWarnings("unchecked")
        List<String> series = (List<String>)
                script("return PF('runsChart').chart.data.datasets.map(function (d) { return d.label; });");
        assertTrue(series.containsAll(List.of("Waiting", "Completed", "Failed")), series.toString());
        // today's bar holds at least this test's two failures
        Number failedToday = (Number) script("var c = PF('runsChart').chart;"
                + " var f = c.data.datasets.filter(function (d) { return d.label === 'Failed'; })[0];"
                + " return f.data[f.data.length - 1];");
        assertTrue(failedToday.longValue() >= 2, String.valueOf(failedToday));
        wait.until(d ->
                Boolean.TRUE.equals(script("return !!(PF('failingNodesChart') && PF('failingNodesChart').chart);")));
        @SuppressWarnings("unchecked")
        List<String> nodes = (List<String>) script("return PF('failingNodesChart').chart.data.labels;");
        assertTrue(nodes.contains("dashboard flaky " + suffix + " · boom"), nodes.toString());
        for (String chart : List.of("runsChart", "failureChart", "durationChart", "tokensDayChart")) {
            WebElement canvas = driver.findElement(By.cssSelector("#" + chart + " canvas"));
            assertTrue(canvas.getSize().getHeight() > 100 && canvas.getSize().getWidth() > 100, chart + " is drawn");
        }
        screenshot(java.nio.file.Path.of("target", "console-dashboard.png"));

        // the inbox: the run assigned to me, not the one assigned to someone else
        assertTrue(Long.parseLong(text(By.id("waitingOnMe"))) >= 1);
        click(By.id("waitingOnMe"));
        wait.until(ExpectedConditions.urlContains("/console/approvals.xhtml"));
        String inbox = text(By.id("approvals"));
        assertTrue(inbox.contains(mine), inbox);
        assertTrue(!inbox.contains(others), inbox);
        driver.findElements(By.cssSelector("#approvals a.wf-open-run")).stream()
                .filter(a -> a.getText().equals(mine))
                .findFirst()
                .orElseThrow()
                .click();
        wait.until(ExpectedConditions.urlContains("/console/run.xhtml?id=" + mine));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("button[id$='approve']")));
        assertEquals(
                1, driver.findElements(By.cssSelector("button[id$='approve']")).size());
    }

    private Object script(String js) {
        return ((JavascriptExecutor) driver).executeScript(js);
    }

    private String text(By by) {
        List<WebElement> found = driver.findElements(by);
        return found.isEmpty() ? "" : found.get(0).getText().trim();
    }
}
