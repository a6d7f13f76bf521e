package io.aiworkflow.web.it;

import io.aiworkflow.testing.WorkflowDesign;
import jakarta.json.Json;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.aiworkflow.testing.WorkflowDesign.param;
import static io.aiworkflow.testing.WorkflowDesign.template;
import static io.aiworkflow.testing.WorkflowDesign.variable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The runs list as a person uses it: search by a parameter value or a run id, an error column, an
 * order, a time typed with the keyboard, and the filters and page kept in the address so reload
 * and Back show the same rows. A long app name does not widen the filter bar.
 */
class ConsoleRunsListIT extends ConsoleBrowserTest {

    @Test
    void searchOrderTypedTimeAndTheAddressKeepTheRows() {
        String name = "A workflow with a very long name that people give their apps when they describe everything "
                + UUID.randomUUID().toString().substring(0, 8);
        String app = WorkflowDesign.design()
                .node("start", "Start", param("name", "String", true))
                .node("greet", "DataProcess", template("text", "hello {{input.name}}"))
                .node("end", "End", variable("answer", "greet.text"))
                .connect("start", "greet")
                .connect("greet", "end")
                .then(built -> Workflows.publish(Api.admin(), name, built));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            ids.add(run(app, i == 7 ? "Grace Hopper" : "person " + i));
        }
        String failed = Api.admin()
                .post(
                        "api/app/workflow/execute",
                        Json.createObjectBuilder()
                                .add("appId", app)
                                .add("parameters", Json.createObjectBuilder())
                                .build())
                .json()
                .getString("id");
        loginAsAdmin();

        open("console/runs.xhtml?appId=" + app);
        wait.until(d -> runRows().size() == 20);
        WebElement bar = driver.findElement(By.cssSelector(".wf-filters"));
        WebElement content = driver.findElement(By.cssSelector("main.wf-content"));
        assertTrue(
                bar.getRect().getWidth() <= content.getRect().getWidth(),
                "the filter bar (" + bar.getRect().getWidth() + " px) fits the page ("
                        + content.getRect().getWidth() + " px)");
        // the newest first: the failed run, with its error in its own column
        assertTrue(runRows().get(0).getText().contains(failed), runRows().get(0).getText());
        assertTrue(
                runRows()
                        .get(0)
                        .findElement(By.cssSelector(".wf-run-error"))
                        .getText()
                        .contains("VALIDATION_ERROR"),
                runRows().get(0).getText());

        // search by a parameter value, case ignored; the address keeps it
        type(By.id("runsForm:q"), "grace hop");
        click(By.id("runsForm:apply"));
        wait.until(d -> runRows().size() == 1 && runRows().get(0).getText().contains(ids.get(7)));
        wait.until(ExpectedConditions.urlContains("q=grace+hop"));
        // and by a run id
        type(By.id("runsForm:q"), ids.get(3));
        click(By.id("runsForm:apply"));
        wait.until(d -> runRows().size() == 1 && runRows().get(0).getText().contains(ids.get(3)));

        // a time typed with the keyboard (no picker, no mouse) is applied and stays in the field
        type(By.id("runsForm:q"), "");
        WebElement from = driver.findElement(By.id("runsForm:from_input"));
        from.click();
        from.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE, "2000-01-01 00:00", Keys.ENTER);
        ajaxDone();
        wait.until(ExpectedConditions.urlContains("from=2000-01-01T00%3A00"));
        wait.until(d -> runRows().size() == 20);
        assertEquals(
                "2000-01-01 00:00",
                driver.findElement(By.id("runsForm:from_input")).getDomProperty("value"));
        WebElement to = driver.findElement(By.id("runsForm:to_input"));
        to.click();
        to.sendKeys("2000-01-02 00:00", Keys.ENTER);
        ajaxDone();
        wait.until(d -> runRows().isEmpty());
        to = driver.findElement(By.id("runsForm:to_input"));
        to.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE, Keys.ENTER);
        ajaxDone();
        wait.until(d -> runRows().size() == 20);

        // oldest first
        choose("runsForm:sort", "Oldest first");
        click(By.id("runsForm:apply"));
        wait.until(d -> !runRows().isEmpty() && runRows().get(0).getText().contains(ids.get(0)));
        wait.until(ExpectedConditions.urlContains("sort=startTime"));

        // page two is in the address: a reload shows it, Back returns to page one
        driver.findElement(By.cssSelector("#runsForm\\:runs .ui-paginator-next"))
                .click();
        ajaxDone();
        wait.until(ExpectedConditions.urlContains("page=2"));
        wait.until(d -> runRows().size() == 4 && runRows().get(3).getText().contains(failed));
        driver.navigate().refresh();
        wait.until(d -> runRows().size() == 4 && runRows().get(3).getText().contains(failed));
        assertEquals(
                "2000-01-01 00:00",
                driver.findElement(By.id("runsForm:from_input")).getDomProperty("value"));
        assertEquals(
                "Oldest first", driver.findElement(By.id("runsForm:sort_label")).getText());
        driver.navigate().back();
        wait.until(d -> !d.getCurrentUrl().contains("page=2"));
        wait.until(d -> runRows().size() == 20 && runRows().get(0).getText().contains(ids.get(0)));
    }

    private static String run(String app, String person) {
        return Api.admin()
                .post(
                        "api/app/workflow/execute",
                        Json.createObjectBuilder()
                                .add("appId", app)
                                .add("parameters", Json.createObjectBuilder().add("name", person))
                                .build())
                .json()
                .getString("id");
    }

    private void type(By field, String text) {
        WebElement input = driver.findElement(field);
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        if (!text.isEmpty()) {
            input.sendKeys(text);
        }
    }

    private List<WebElement> runRows() {
        return driver.findElements(By.cssSelector("#runsForm\\:runs_data > tr[data-ri]"));
    }

    @SuppressWarnings("unused")
    private Object script(String js) {
        return ((JavascriptExecutor) driver).executeScript(js);
    }
}
