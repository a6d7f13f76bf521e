package io.aiworkflow.web.it;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A bulk re-run started from the runs list in headless Chromium: it acts on every run the filter
 * selects (more than the page shows), the count is shown before it starts, and the operation page
 * follows it to the end.
 */
class ConsoleBulkIT extends ConsoleBrowserTest {

    @Test
    void aBulkRerunFromTheRunsListActsOnTheWholeFilterAndFinishes() {
        Api api = Api.admin();
        String app = BulkOperationIT.app("console bulk");
        BulkOperationIT.runs(app, 23, false); // more than the 20 rows a page shows
        loginAsAdmin();
        open("console/runs.xhtml?appId=" + app);
        wait.until(d -> d.findElements(By.cssSelector("#runsForm\\:runs_data > tr[data-ri]"))
                        .size()
                == 20);

        click(By.id("runsForm:bulkAction"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("bulkForm:bulkDialog")));
        driver.findElement(By.id("bulkForm:bulkReason")).sendKeys("model endpoint moved");
        assertTrue(!driver.findElement(By.id("bulkForm:bulkStart")).isEnabled(), "no start before the count");
        click(By.id("bulkForm:bulkCountButton"));
        WebElement count = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("bulkCount")));
        assertEquals("23", count.getText(), "the whole filter, not the visible page");
        click(By.id("bulkForm:bulkStart"));

        wait.until(ExpectedConditions.urlContains("/console/operation.xhtml"));
        String id = driver.getCurrentUrl().replaceAll(".*[?&]id=([^&]+).*", "$1");
        wait.until(d ->
                d.findElement(By.id("operationForm:operationState")).getText().equals("COMPLETED"));
        String counts = driver.findElement(By.id("counts")).getText();
        assertTrue(counts.contains("23 total") && counts.contains("23 succeeded"), counts);
        List<WebElement> states = driver.findElements(By.cssSelector(".wf-item-state"));
        assertEquals(20, states.size(), "the first page of items");
        assertTrue(states.stream().allMatch(s -> s.getText().equals("SUCCEEDED")));
        String report = driver.findElement(By.cssSelector("[id='operationForm:items'] .ui-paginator-current"))
                .getText();
        assertTrue(report.contains("of 23"), "the items page through all of them: " + report);
        assertEquals(
                "model endpoint moved",
                api.get("api/bulk-operations/" + id).json().getString("reason"));

        open("console/operations.xhtml");
        wait.until(d -> !d.findElements(By.cssSelector(".wf-open-operation")).isEmpty());
    }

    @Test
    void aDatasetUploadedOnTheAppPageReportsBadRowsThenRuns() throws Exception {
        String app = BulkOperationIT.app("console dataset");
        loginAsAdmin();
        open("console/app.xhtml?appId=" + app);

        Path bad = Files.createTempFile("bad-", ".csv");
        Files.writeString(bad, "n,fail\n1,false\nseven,false\n3,false\n");
        driver.findElement(By.id("datasetsForm:datasetFile")).sendKeys(bad.toString());
        driver.findElement(By.id("datasetsForm:datasetName")).sendKeys("smoke");
        driver.findElement(By.id("datasetsForm:uploadDataset")).click();
        WebElement line = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".wf-bad-line")));
        assertEquals("3", line.getText(), "the bad row is reported by its line");
        assertTrue(
                driver.findElement(By.id("datasetsForm:datasetTable")).getText().contains("No datasets yet"));

        Path good = Files.createTempFile("good-", ".csv");
        Files.writeString(good, "n,fail\n1,false\n2,false\n3,false\n");
        driver.findElement(By.id("datasetsForm:datasetFile")).sendKeys(good.toString());
        driver.findElement(By.id("datasetsForm:datasetName")).sendKeys("smoke");
        driver.findElement(By.id("datasetsForm:uploadDataset")).click();
        wait.until(
                d -> d.findElement(By.id("datasetsForm:datasetTable")).getText().contains("smoke"));
        driver.findElement(By.id("datasetsForm:datasetReason")).sendKeys("first try");
        driver.findElement(By.cssSelector(".wf-run-dataset")).click();

        wait.until(ExpectedConditions.urlContains("/console/operation.xhtml"));
        wait.until(d ->
                d.findElement(By.id("operationForm:operationState")).getText().equals("COMPLETED"));
        assertTrue(driver.findElement(By.id("counts")).getText().contains("3 succeeded"));
        String csvLink = driver.findElement(By.id("operationForm:resultsCsv")).getDomAttribute("href");
        assertTrue(csvLink.contains("/results") && csvLink.contains("format=csv"), csvLink);
    }
}
