package io.aiworkflow.web.it;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Models, plugins and knowledge bases in the console: keys and secrets go in and never come back
 * out (only replaced); a knowledge base takes a document, shows its chunks and answers a search.
 */
class ConsoleRegistriesIT extends ConsoleBrowserTest {

    @Test
    void aModelsKeyIsWriteOnly() {
        String name = "console model " + UUID.randomUUID().toString().substring(0, 8);
        loginAsAdmin();
        click(By.id("menuForm:registriesItem"));
        wait.until(ExpectedConditions.urlContains("/console/registries.xhtml"));

        click(By.id("modelsForm:newModel"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("modelForm:name")))
                .sendKeys(name);
        driver.findElement(By.id("modelForm:baseUrl")).sendKeys("http://127.0.0.1:9/v1");
        driver.findElement(By.id("modelForm:modelName")).sendKeys("gpt-console");
        driver.findElement(By.id("modelForm:apiKey")).sendKeys("sk-console-secret-1");
        click(By.id("modelForm:save"));
        wait.until(d -> messages().contains("Added model '" + name + "'"));
        WebElement row = row("modelsForm:models", name);
        assertTrue(row.getText().contains("stored"), row.getText());
        assertFalse(driver.getPageSource().contains("sk-console-secret-1"), "the key is never sent back");

        // change the model name with the key field left empty: the key stays
        row.findElement(By.cssSelector("button.wf-edit-model")).click();
        ajaxDone();
        WebElement key = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("modelForm:apiKey")));
        assertEquals("", key.getDomProperty("value"));
        WebElement model = driver.findElement(By.id("modelForm:modelName"));
        model.clear();
        model.sendKeys("gpt-console-2");
        click(By.id("modelForm:save"));
        wait.until(d -> messages().contains("Saved model '" + name + "'"));
        JsonObject stored = model(name);
        assertEquals("gpt-console-2", stored.getString("modelName"));
        assertTrue(stored.getBoolean("hasApiKey"), stored.toString());

        // sending the stored key somewhere else needs it typed again
        row("modelsForm:models", name)
                .findElement(By.cssSelector("button.wf-edit-model"))
                .click();
        ajaxDone();
        WebElement url = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("modelForm:baseUrl")));
        url.clear();
        url.sendKeys("http://localhost:9/v1");
        click(By.id("modelForm:save"));
        wait.until(d -> messages().contains("apiKey"));
        assertEquals("http://127.0.0.1:9/v1", model(name).getString("baseUrl"));
        driver.findElement(By.id("modelForm:apiKey")).sendKeys("sk-console-secret-2");
        click(By.id("modelForm:save"));
        wait.until(d -> messages().contains("its key was replaced"));
        assertEquals("http://localhost:9/v1", model(name).getString("baseUrl"));

        row("modelsForm:models", name)
                .findElement(By.cssSelector("button.wf-delete-model"))
                .click();
        click(By.cssSelector(".ui-confirm-dialog .ui-confirmdialog-yes"));
        wait.until(d -> messages().contains("Deleted model '" + name + "'"));
        assertTrue(Api.admin().get("api/app/model").value().asJsonArray().stream()
                .noneMatch(m -> m.asJsonObject().getString("name").equals(name)));
    }

    @Test
    void aPluginsSecretIsWriteOnly() {
        String name = "console plugin " + UUID.randomUUID().toString().substring(0, 8);
        loginAsAdmin();
        open("console/registries.xhtml");
        click(By.id("pluginsForm:newPlugin"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("pluginForm:name")))
                .sendKeys(name);
        driver.findElement(By.id("pluginForm:url")).sendKeys("http://127.0.0.1:9/weather?city={{city}}");
        driver.findElement(By.id("pluginForm:inputFields"))
                .sendKeys("[{\"fieldName\": \"city\", \"fieldType\": \"String\", \"isRequired\": true}]");
        driver.findElement(By.id("pluginForm:authHeader")).sendKeys("X-Api-Key");
        driver.findElement(By.id("pluginForm:secret")).sendKeys("plugin-secret-1");
        click(By.id("pluginForm:save"));
        wait.until(d -> messages().contains("Added plugin '" + name + "'"));
        assertTrue(row("pluginsForm:plugins", name).getText().contains("stored"));
        assertFalse(driver.getPageSource().contains("plugin-secret-1"));
    }

    @Test
    void aKnowledgeBaseTakesADocumentShowsItsChunksAndAnswersASearch() {
        String name = "Handbook " + UUID.randomUUID().toString().substring(0, 8);
        loginAsAdmin();
        open("console/registries.xhtml");
        driver.findElement(By.id("kbForm:newName")).sendKeys(name);
        click(By.id("kbForm:createKb"));
        wait.until(d -> messages().contains("Created knowledge base '" + name + "'"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("kbTitle")));

        driver.findElement(By.id("kbForm:documentTitle")).sendKeys("Leave policy");
        driver.findElement(By.id("kbForm:documentText"))
                .sendKeys("Every employee has 28 vacation days a year. Unused vacation days carry over to March.\n\n"
                        + "The office kitchen is cleaned on Fridays. Bring your own mug.");
        click(By.id("kbForm:addDocument"));
        wait.until(d -> messages().contains("Added 'Leave policy'"));
        WebElement document = row("kbForm:documents", "Leave policy");
        document.findElement(By.cssSelector("button.wf-show-chunks")).click();
        ajaxDone();
        List<WebElement> chunks = wait.until(d -> {
            List<WebElement> found = d.findElements(By.cssSelector("pre.wf-chunk"));
            return found.isEmpty() ? null : found;
        });
        assertTrue(
                chunks.stream().anyMatch(c -> c.getText().contains("28 vacation days")),
                chunks.get(0).getText());

        driver.findElement(By.id("kbForm:query")).sendKeys("how many vacation days do I get?");
        click(By.id("kbForm:search"));
        WebElement hits = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("kbForm:hits")));
        List<WebElement> rows = hits.findElements(By.cssSelector("tbody > tr"));
        assertTrue(rows.get(0).getText().contains("vacation days"), hits.getText());
    }

    private JsonObject model(String name) {
        return Api.admin().get("api/app/model").value().asJsonArray().stream()
                .map(JsonValue::asJsonObject)
                .filter(m -> m.getString("name").equals(name))
                .findFirst()
                .orElseThrow();
    }

    private WebElement row(String tableId, String firstCell) {
        String css = "#" + tableId.replace(":", "\\:") + "_data > tr";
        return wait.until(d -> d.findElements(By.cssSelector(css)).stream()
                .filter(r -> r.findElements(By.tagName("td")).size() > 1
                        && r.findElements(By.tagName("td")).get(0).getText().equals(firstCell))
                .findFirst()
                .orElse(null));
    }

    private String messages() {
        return driver.findElement(By.id("messages")).getText();
    }
}
