package io.aiworkflow.web.it;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Schedules in headless Chromium: the form's preview follows the cron expression as it is typed
 * (and says what is wrong with a bad one), a created schedule is listed with its next time, and
 * its page runs it now, pauses and resumes it, and counts the paused period for a backfill.
 */
class ConsoleScheduleIT extends ConsoleBrowserTest {

    @Test
    void aScheduleIsMadeWithALivePreviewThenRunNowPausedAndResumed() {
        String app = ScheduleIT.app("console schedule");
        loginAsAdmin();
        open("console/app.xhtml?appId=" + app);
        click(By.id("appForm:schedules"));
        wait.until(ExpectedConditions.urlContains("/console/schedules.xhtml"));

        WebElement cron = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("newSchedule:cron")));
        cron.sendKeys(Keys.chord(Keys.CONTROL, "a"), "0 61 * * *");
        WebElement problem =
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("newSchedule:previewProblem")));
        assertTrue(problem.getText().contains("cron"), problem.getText());

        cron.sendKeys(Keys.chord(Keys.CONTROL, "a"), "30 2 * * *");
        WebElement zone = driver.findElement(By.id("newSchedule:timeZone_input"));
        zone.sendKeys(Keys.chord(Keys.CONTROL, "a"), "Europe/Berlin", Keys.TAB);
        wait.until(d -> d.findElements(By.cssSelector(".wf-preview-time")).size() == 10
                && d.findElements(By.cssSelector(".wf-preview-time"))
                        .get(0)
                        .getText()
                        .contains("02:30:00+0"));
        driver.findElement(By.id("newSchedule:name")).sendKeys("nightly");
        click(By.id("newSchedule:create"));
        WebElement link =
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".wf-open-schedule")));
        assertEquals("nightly", link.getText());
        link.click();

        wait.until(ExpectedConditions.urlContains("/console/schedule.xhtml"));
        assertEquals("nightly", driver.findElement(By.id("scheduleName")).getText());
        assertTrue(driver.findElement(By.id("nextTime")).getText().contains("02:30:00+0"));
        click(By.id("scheduleForm:runNow"));
        wait.until(d -> d.findElements(By.cssSelector(".wf-firing-state")).size() == 1);
        assertEquals(
                "FIRED", driver.findElement(By.cssSelector(".wf-firing-state")).getText());
        driver.findElement(By.cssSelector("[id='scheduleForm:firings'] a[href*='run.xhtml']"))
                .click();
        WebElement scheduledBy =
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("runForm:scheduledBy")));
        assertTrue(scheduledBy.getText().contains("scheduled for"), scheduledBy.getText());
        click(By.id("runForm:scheduleLink"));
        wait.until(ExpectedConditions.urlContains("/console/schedule.xhtml"));
        String schedulePage = driver.getCurrentUrl();
        click(By.id("scheduleForm:scheduleRuns"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("runsForm:scheduleFilter")));
        wait.until(d -> d.findElements(By.cssSelector("#runsForm\\:runs_data > tr[data-ri]"))
                        .size()
                == 1);
        driver.get(schedulePage);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("scheduleForm:pause")));

        click(By.id("scheduleForm:pause"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("scheduleForm:resume")));
        assertEquals("paused", driver.findElement(By.id("nextTime")).getText());
        click(By.id("scheduleForm:resume"));
        WebElement count = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("backfillCount")));
        assertEquals("0 runs to backfill", count.getText(), "no 02:30 passed while it was paused");
        assertTrue(driver.findElement(By.id("scheduleForm:backfillFrom"))
                .getAttribute("value")
                .endsWith("Z"));

        open("console/schedules.xhtml");
        List<WebElement> listed =
                wait.until(ExpectedConditions.visibilityOfAllElementsLocatedBy(By.cssSelector(".wf-open-schedule")));
        assertTrue(listed.stream().anyMatch(l -> l.getText().equals("nightly")));

        driver.get(schedulePage);
        click(By.id("scheduleForm:delete"));
        click(By.cssSelector(".ui-confirm-dialog .ui-confirmdialog-yes"));
        wait.until(ExpectedConditions.urlContains("/console/schedules.xhtml"));
        String id = schedulePage.replaceAll(".*[?&]id=([^&]+).*", "$1");
        assertEquals(404, Api.admin().get(ScheduleIT.schedules(app) + "/" + id).status(), "deleted");
    }
}
