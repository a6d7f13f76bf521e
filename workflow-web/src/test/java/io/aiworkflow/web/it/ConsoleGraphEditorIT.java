package io.aiworkflow.web.it;

import io.aiworkflow.domain.definition.NodeType;
import io.aiworkflow.testing.WorkflowDesign;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import java.io.StringReader;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The app page's graph editor, used with the mouse and keyboard: a workflow built from an empty
 * app (palette, connections, typed fields, a reference picked from what the node can reach),
 * checked as it is built, undone and redone, saved with its layout, published and run; labelled
 * connections of a Condition and a loop; a 500-node design fitted and still editable.
 */
class ConsoleGraphEditorIT extends ConsoleBrowserTest {

    @Test
    void buildsAWorkflowFromAnEmptyAppAndRunsIt() {
        loginAsAdmin();
        String appId =
                createAppAndOpen("Graph built " + UUID.randomUUID().toString().substring(0, 8));
        awaitEditor();

        // every node type is in the palette
        List<String> palette = driver.findElements(By.cssSelector("#graphEditor .wf-ge-type")).stream()
                .map(b -> b.getDomAttribute("data-node-type"))
                .toList();
        assertEquals(
                java.util.Arrays.stream(NodeType.values()).map(Enum::name).toList(),
                palette.stream()
                        .sorted(java.util.Comparator.comparing(NodeType::valueOf))
                        .toList());

        // Start with a required parameter
        addFromPalette("Start");
        side(".wf-ge-new-field").sendKeys("name");
        side(".wf-ge-add-field").click();
        wait.until(d -> !d.findElements(By.cssSelector("#graphEditor .wf-ge-param[data-field='name']"))
                .isEmpty());

        // a data process node, renamed, with a text built from the parameter
        addFromPalette("DataProcess");
        WebElement key = side(".wf-ge-key");
        key.sendKeys(Keys.chord(Keys.CONTROL, "a"), "greet", Keys.TAB);
        wait.until(d -> designText().contains("\"greet\""));
        side(".wf-ge-new-field").sendKeys("text");
        side(".wf-ge-add-field").click();
        new Select(field("text", ".wf-ge-expr")).selectByValue("StringInterpolation");
        WebElement text = field("text", ".wf-ge-value");
        text.sendKeys("hello {{input.name}}");
        text.sendKeys(Keys.TAB);

        addFromPalette("End");
        // nothing joins the nodes yet: checked as it is built, the unreachable ones are outlined
        wait.until(d -> status().contains("problem"));
        wait.until(d -> problemNodes().contains("greet"));

        connect("start", "greet");
        connect("greet", "end");
        wait.until(d -> connections().size() == 2);

        // undo takes the last connection away, redo puts it back
        click(By.cssSelector("#graphEditor .wf-ge-undo"));
        wait.until(d -> connections().size() == 1);
        click(By.cssSelector("#graphEditor .wf-ge-redo"));
        wait.until(d -> connections().size() == 2);

        // End answers with a reference picked from what it can reach
        clickNode("end");
        side(".wf-ge-new-field").sendKeys("answer");
        side(".wf-ge-add-field").click();
        Select refs = new Select(field("answer", ".wf-ge-ref"));
        List<String> offered =
                refs.getOptions().stream().map(WebElement::getText).toList();
        assertTrue(offered.containsAll(List.of("greet.text", "input.name", "start.name")), offered.toString());
        refs.selectByValue("greet.text");
        wait.until(d -> designText().contains("\"greet.text\""));
        wait.until(d -> status().contains("No problems"));
        assertTrue(problemNodes().isEmpty(), problemNodes().toString());

        // drag End lower; the layout is saved with the draft
        Number before = (Number) js("return wfGraphEditor.current().cy.$id('end').position().y;");
        dragNode("end", 0, 80);
        wait.until(d -> ((Number) js("return wfGraphEditor.current().cy.$id('end').position().y;")).doubleValue()
                > before.doubleValue() + 20);
        click(By.id("designForm:saveDesign"));
        wait.until(d -> d.findElement(By.id("messages")).getText().contains("Draft saved"));
        JsonObject stored =
                Api.admin().get("api/app/workflow/definition/" + appId).json();
        double savedY = stored.getJsonObject("uiDesignDraft")
                .getJsonObject("positions")
                .getJsonObject("end")
                .getJsonNumber("y")
                .doubleValue();
        assertTrue(savedY > before.doubleValue() + 20, "saved y " + savedY + ", before " + before);

        // after a reload the graph is drawn where it was left
        driver.navigate().refresh();
        awaitEditor();
        assertEquals(savedY, ((Number) js("return wfGraphEditor.current().cy.$id('end').position().y;")).doubleValue());

        // published and run without the API
        click(By.id("appForm:publish"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("publishDiff")));
        click(By.id("publishForm:confirmPublish"));
        wait.until(d -> d.findElement(By.id("messages")).getText().contains("Published as version 1"));
        String runId = runFromAppPage("Ada");
        JsonObject run = Api.admin().get("api/app/workflow/instance/" + runId).json();
        assertTrue(run.toString().contains("hello Ada"), run.toString());
    }

    @Test
    void labelsBranchAndLoopConnectionsAndDeletesWithTheKeyboard() {
        loginAsAdmin();
        createAppAndOpen("Graph labels " + UUID.randomUUID().toString().substring(0, 8));
        awaitEditor();

        addFromPalette("Condition");
        WebElement conditions = field("conditions", ".wf-ge-value");
        conditions.sendKeys("[{\"key\":\"big\",\"value\":{\"left\":1,\"operator\":\"gt\",\"right\":0}}]", Keys.TAB);
        wait.until(d -> designText().contains("\"big\""));
        addFromPalette("DataProcess");
        addFromPalette("DataProcess");
        addFromPalette("ForEach");

        connect("condition1", "dataprocess1");
        connect("condition1", "dataprocess2");
        connect("foreach1", "dataprocess2");
        wait.until(d -> connections().size() == 3);
        // a new connection takes its source's next free branch; a loop's first is its body
        assertEquals(
                List.of("condition1>dataprocess1:big", "condition1>dataprocess2:else", "foreach1>dataprocess2:body"),
                connections());

        // the connection's side panel offers the source's ports
        clickEdge("condition1", "dataprocess2");
        Select label = new Select(side(".wf-ge-label"));
        assertEquals(
                List.of("", "big", "else", "error"),
                label.getOptions().stream().map(o -> o.getDomAttribute("value")).toList());
        label.selectByValue("error");
        wait.until(d -> connections().contains("condition1>dataprocess2:error"));

        // Delete removes the selected node with its connections
        clickNode("dataprocess2");
        driver.findElement(By.cssSelector("#graphEditor .wf-ge-canvas")).sendKeys(Keys.DELETE);
        wait.until(d -> connections().equals(List.of("condition1>dataprocess1:big")));
        assertTrue(!designText().contains("dataprocess2"));
        driver.findElement(By.cssSelector("#graphEditor .wf-ge-canvas")).sendKeys(Keys.chord(Keys.CONTROL, "z"));
        wait.until(d -> connections().size() == 3);
    }

    @Test
    void fitsAndEditsAFiveHundredNodeDesign() {
        String[] keys = new String[498];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = "n" + i;
        }
        JsonObject design = WorkflowDesign.linear(keys).build();
        String appId = Api.admin()
                .post(
                        "api/app/team/create",
                        Json.createObjectBuilder()
                                .add(
                                        "name",
                                        "Large " + UUID.randomUUID().toString().substring(0, 8))
                                .add("appType", 2)
                                .build())
                .json()
                .getString("appId");
        assertEquals(
                200,
                Api.admin()
                        .put(
                                "api/app/workflow/definition/" + appId,
                                Json.createObjectBuilder()
                                        .add("functionDesignDraft", design)
                                        .build())
                        .status());
        loginAsAdmin();
        open("console/app.xhtml?appId=" + appId);
        awaitEditor();
        assertEquals(500L, js("return wfGraphEditor.current().cy.nodes().length;"));

        click(By.cssSelector("#graphEditor .wf-ge-zoom-in"));
        click(By.cssSelector("#graphEditor .wf-ge-fit"));
        // fitted: every node inside the canvas
        WebElement canvas = driver.findElement(By.cssSelector("#graphEditor .wf-ge-canvas"));
        @SuppressWarnings("unchecked")
        List<Number> box = (List<Number>)
                js(
                        "var b = wfGraphEditor.current().cy.elements().renderedBoundingBox(); return [b.x1, b.y1, b.x2, b.y2];");
        Dimension size = canvas.getSize();
        assertTrue(
                box.get(0).doubleValue() >= 0
                        && box.get(1).doubleValue() >= 0
                        && box.get(2).doubleValue() <= size.width
                        && box.get(3).doubleValue() <= size.height,
                box + " in " + size);

        // still editable: zoom in on a node, select it, rename it
        js("var cy = wfGraphEditor.current().cy; cy.zoom({level: 1, position: cy.$id('n250').position()});"
                + " cy.center(cy.$id('n250'));");
        clickNode("n250");
        WebElement key = side(".wf-ge-key");
        assertEquals("n250", key.getDomProperty("value"));
        key.sendKeys(Keys.chord(Keys.CONTROL, "a"), "middle", Keys.TAB);
        wait.until(d -> designText().contains("\"middle\""));
        assertTrue(connections().contains("n249>middle:") && connections().contains("middle>n251:"));
    }

    // ---- helpers ----

    private void awaitEditor() {
        wait.until(d -> (Boolean) js("return !!(window.wfGraphEditor && wfGraphEditor.current()"
                + " && document.querySelector('#graphEditor canvas'));"));
        ajaxDone();
    }

    private void addFromPalette(String nodeType) {
        click(By.cssSelector("#graphEditor .wf-ge-type[data-node-type='" + nodeType + "']"));
    }

    private WebElement side(String css) {
        return wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#graphEditor .wf-ge-side " + css)));
    }

    private WebElement field(String name, String css) {
        return side(".wf-ge-field[data-field='" + name + "'] " + css);
    }

    private String designText() {
        return driver.findElement(By.id("designForm:designText")).getDomProperty("value");
    }

    private String status() {
        return driver.findElement(By.cssSelector("#graphEditor .wf-ge-status")).getText();
    }

    /** The connections in the design text, as {@code source>target:label}. */
    private List<String> connections() {
        JsonObject design = Json.createReader(new StringReader(designText())).readObject();
        return design.getJsonArray("connections").stream()
                .map(c -> c.asJsonObject())
                .map(c -> c.getString("sourceNodeKey") + ">" + c.getString("targetNodeKey") + ":"
                        + c.getString("label", ""))
                .toList();
    }

    @SuppressWarnings("unchecked")
    private List<String> problemNodes() {
        return (List<String>)
                js("return wfGraphEditor.current().cy.nodes('.problem').map(function (n) {" + " return n.id(); });");
    }

    /** Joins two nodes as a user does: select the first, press Connect, click the second. */
    private void connect(String from, String to) {
        clickNode(from);
        click(By.cssSelector("#graphEditor .wf-ge-connect"));
        clickNode(to);
    }

    private void clickNode(String key) {
        clickAt("wfGraphEditor.current().cy.$id(arguments[0]).renderedPosition()", key);
    }

    private void clickEdge(String source, String target) {
        clickAt(
                "wfGraphEditor.current().cy.edges('[source = \"' + arguments[0] + '\"][target = \"' + arguments[1]"
                        + " + '\"]')[0].renderedMidpoint()",
                source,
                target);
    }

    /** Clicks where the page draws something on the canvas, as a user aims the mouse at it. */
    private void clickAt(String position, Object... args) {
        WebElement canvas = driver.findElement(By.cssSelector("#graphEditor .wf-ge-canvas"));
        js("arguments[0].scrollIntoView({block: 'center'});", canvas);
        int[] offset = offset(canvas, position, args);
        new Actions(driver).moveToElement(canvas, offset[0], offset[1]).click().perform();
        ajaxDone();
    }

    private void dragNode(String key, int dx, int dy) {
        WebElement canvas = driver.findElement(By.cssSelector("#graphEditor .wf-ge-canvas"));
        js("arguments[0].scrollIntoView({block: 'center'});", canvas);
        int[] offset = offset(canvas, "wfGraphEditor.current().cy.$id(arguments[0]).renderedPosition()", key);
        new Actions(driver)
                .moveToElement(canvas, offset[0], offset[1])
                .clickAndHold()
                .moveByOffset(dx / 2, dy / 2)
                .moveByOffset(dx - dx / 2, dy - dy / 2)
                .release()
                .perform();
        ajaxDone();
    }

    /** A point on the canvas as an offset from its centre, which is what Selenium moves relative to. */
    @SuppressWarnings("unchecked")
    private int[] offset(WebElement canvas, String position, Object... args) {
        List<Number> p = (List<Number>) js("var p = " + position + "; return [p.x, p.y];", args);
        Dimension size = canvas.getSize();
        return new int[] {
            (int) Math.round(p.get(0).doubleValue() - size.width / 2.0),
            (int) Math.round(p.get(1).doubleValue() - size.height / 2.0)
        };
    }

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }
}
