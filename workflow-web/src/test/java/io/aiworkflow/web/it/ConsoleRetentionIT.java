package io.aiworkflow.web.it;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An app's retention in headless Chromium: the app page says which policy applies, an editor gives
 * the app one of its own, and gives it back to the platform default; the API reads what was saved.
 */
class ConsoleRetentionIT extends ConsoleBrowserTest {

    private static JsonObject retention(String app) {
        Api.Reply reply = Api.admin().get("api/app/" + app + "/retention");
        assertEquals(200, reply.status(), reply.body());
        return reply.json();
    }

    private static boolean absent(JsonObject policy, String field) {
        return !policy.containsKey(field) || policy.isNull(field);
    }

    @Test
    void anAppGetsAPolicyOfItsOwnThenFollowsTheDefaultAgain() {
        String app = ScheduleIT.app("console retention");
        loginAsAdmin();
        open("console/app.xhtml?appId=" + app);
        WebElement summary = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("retentionSummary")));
        assertTrue(summary.getText().startsWith("Platform default:"), summary.getText());

        WebElement days = driver.findElement(By.id("retentionForm:keepDays_input"));
        days.sendKeys(Keys.chord(Keys.CONTROL, "a"), "30", Keys.TAB);
        click(By.id("retentionForm:saveRetention"));
        wait.until(d ->
                d.findElement(By.id("retentionSummary")).getText().equals("Own policy: runs are kept for 30 days."));

        JsonObject saved = retention(app);
        assertTrue(saved.getBoolean("own"));
        assertEquals(30, saved.getJsonObject("policy").getInt("keepDays"));
        assertTrue(absent(saved.getJsonObject("policy"), "keepRuns"), saved.toString());

        click(By.id("retentionForm:defaultRetention"));
        wait.until(d -> d.findElement(By.id("retentionSummary")).getText().startsWith("Platform default:"));
        assertFalse(retention(app).getBoolean("own"));
    }
}
