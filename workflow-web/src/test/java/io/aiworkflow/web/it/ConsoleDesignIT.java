package io.aiworkflow.web.it;

import io.aiworkflow.testing.WorkflowDesign;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static io.aiworkflow.testing.WorkflowDesign.param;
import static io.aiworkflow.testing.WorkflowDesign.template;
import static io.aiworkflow.testing.WorkflowDesign.variable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A workflow built in the console without the API: an app made in the browser, its design edited
 * and saved (problems listed), published after seeing what changes (an unchanged draft makes no
 * version), run; exported as a file and imported into another app; a version restored.
 */
class ConsoleDesignIT extends ConsoleBrowserTest {

    private static final JsonObject GREETER = WorkflowDesign.design()
            .node("start", "Start", param("name", "String", true))
            .node("greet", "DataProcess", template("text", "hello {{input.name}}"))
            .node("end", "End", variable("answer", "greet.text"))
            .connect("start", "greet")
            .connect("greet", "end")
            .build();

    @Test
    void buildPublishRunExportImportAndRestore() throws Exception {
        String name = "Designed " + UUID.randomUUID().toString().substring(0, 8);
        loginAsAdmin();
        String appId = createAppAndOpen(name);

        // a node nothing reaches is saved, and listed as what stops a publish
        JsonObject orphaned = Workflows.withOrphan(GREETER);
        typeDesign(orphaned.toString());
        click(By.id("designForm:saveDesign"));
        WebElement problems =
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("designForm:designProblems")));
        assertTrue(
                problems.getText().contains("orphan") && problems.getText().contains("UNREACHABLE"),
                problems.getText());
        // and outlined on the draft's graph
        wait.until(d -> d.findElement(By.cssSelector("svg#draftGraph g.wf-node[data-node-key='orphan']"))
                .getDomAttribute("class")
                .contains("wf-problem"));
        assertEquals(
                1,
                driver.findElements(By.cssSelector("svg#draftGraph g.wf-problem"))
                        .size());
        // what is not JSON is refused and stays in the editor to fix
        typeDesign("{\"nodes\": [");
        click(By.id("designForm:saveDesign"));
        wait.until(d -> messages().contains("Not saved"));
        assertEquals(
                "{\"nodes\": [",
                driver.findElement(By.id("designForm:designText"))
                        .getDomProperty("value")
                        .strip());

        typeDesign(GREETER.toString());
        click(By.id("designForm:saveDesign"));
        wait.until(d -> messages().contains("Draft saved"));
        wait.until(d -> nodeKeys("draftGraph").equals(List.of("start", "greet", "end")));
        assertTrue(driver.findElements(By.id("designForm:designProblems")).isEmpty());
        assertTrue(driver.findElements(By.cssSelector("svg#draftGraph g.wf-problem"))
                .isEmpty());

        // publish shows what it publishes first
        click(By.id("appForm:publish"));
        WebElement diff = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("publishDiff")));
        assertTrue(diff.getText().contains("The first version"), diff.getText());
        click(By.id("publishForm:confirmPublish"));
        wait.until(d -> messages().contains("Published as version 1"));
        click(By.id("appForm:publish"));
        wait.until(d -> d.findElement(By.id("publishDiff")).getText().contains("Nothing changed since version 1"));
        click(By.id("publishForm:confirmPublish"));
        wait.until(d -> messages().contains("no new version"));
        assertEquals(
                1,
                Api.admin()
                        .get("api/app/workflow/definition/" + appId + "/versions")
                        .value()
                        .asJsonArray()
                        .size());

        // and it runs
        runFromAppPage("Ada");

        // export the draft as a file, import it into another app
        driver.navigate().back();
        wait.until(ExpectedConditions.urlContains("/console/app.xhtml?appId=" + appId));
        click(By.id("designForm:exportDesign"));
        Path exported = wait.until(d -> downloaded());
        JsonObject file =
                Json.createReader(new StringReader(Files.readString(exported))).readObject();
        assertEquals(
                GREETER.getJsonArray("nodes"),
                file.getJsonObject("functionDesign").getJsonArray("nodes"));

        String other = Api.admin()
                .post(
                        "api/app/team/create",
                        Json.createObjectBuilder()
                                .add("name", name + " copy")
                                .add("appType", 2)
                                .build())
                .json()
                .getString("appId");
        open("console/app.xhtml?appId=" + other);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("designForm:designFile_input")))
                .sendKeys(exported.toAbsolutePath().toString());
        click(By.id("designForm:importDesign"));
        wait.until(d -> messages().contains("Imported"));
        wait.until(d -> nodeKeys("draftGraph").equals(List.of("start", "greet", "end")));
        JsonObject copied =
                Api.admin().get("api/app/workflow/definition/" + other).json();
        assertEquals(
                GREETER.getJsonArray("nodes"),
                copied.getJsonObject("functionDesignDraft").getJsonArray("nodes"));

        // a changed draft, then version 1 restored into it
        open("console/app.xhtml?appId=" + appId);
        typeDesign(GREETER.toString().replace("hello {{input.name}}", "bye {{input.name}}"));
        click(By.id("designForm:saveDesign"));
        wait.until(d -> messages().contains("Draft saved"));
        driver.findElement(By.cssSelector("#appForm\\:versions button.wf-restore-version"))
                .click();
        click(By.cssSelector(".ui-confirm-dialog .ui-confirmdialog-yes"));
        wait.until(d -> messages().contains("Version 1 restored into the draft"));
        wait.until(d -> d.findElement(By.id("designForm:designText"))
                .getDomProperty("value")
                .contains("hello {{input.name}}"));
        JsonValue draft =
                Api.admin().get("api/app/workflow/definition/" + appId).json().get("functionDesignDraft");
        assertEquals(GREETER.getJsonArray("nodes"), draft.asJsonObject().getJsonArray("nodes"));
    }

    private void typeDesign(String json) {
        WebElement editor = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("designForm:designText")));
        ((JavascriptExecutor) driver).executeScript("arguments[0].value = arguments[1];", editor, json);
        editor.sendKeys(" ");
    }

    private Path downloaded() {
        try (Stream<Path> files = Files.list(downloads)) {
            return files.filter(f -> f.toString().endsWith(".json")).findFirst().orElse(null);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private List<String> nodeKeys(String svgId) {
        return driver.findElements(By.cssSelector("svg#" + svgId + " g.wf-node")).stream()
                .map(g -> g.getDomAttribute("data-node-key"))
                .toList();
    }

    private String messages() {
        return driver.findElement(By.id("messages")).getText();
    }
}
