package io.aiworkflow.web.it;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Rectangle;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Signing in and out when the session is not what the page thinks: logged out in another tab,
 * ended while a page was open, a login page left open. Each ends somewhere that says what happened.
 */
class ConsoleLoginIT extends ConsoleBrowserTest {

    @Test
    void logoutAfterLoggingOutInAnotherTabShowsTheLoginPage() {
        loginAsAdmin();
        String first = driver.getWindowHandle();
        driver.switchTo().newWindow(WindowType.TAB);
        open("console/runs.xhtml");
        wait.until(ExpectedConditions.urlContains("/console/runs.xhtml"));
        click(By.id("menuForm:logout"));
        wait.until(ExpectedConditions.urlContains("/console/login.xhtml"));

        // the first tab still shows the apps of a session that is gone
        driver.switchTo().window(first);
        click(By.id("menuForm:logout"));
        wait.until(ExpectedConditions.urlContains("/console/login.xhtml"));
        assertTrue(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("loginForm:loggedOut")))
                .getText()
                .contains("You are logged out"));
        open("console/keys.xhtml");
        wait.until(ExpectedConditions.urlContains("/console/login.xhtml"));
    }

    @Test
    void anEndedSessionExplainsItselfAndLoginReturnsToThePageAsked() {
        loginAsAdmin();
        String first = driver.getWindowHandle();
        // the session ends elsewhere (as it would by expiring): the cookie of this browser is now stale
        driver.switchTo().newWindow(WindowType.TAB);
        open("console/apps.xhtml");
        click(By.id("menuForm:logout"));
        wait.until(ExpectedConditions.urlContains("/console/login.xhtml"));
        driver.switchTo().window(first);

        open("console/runs.xhtml?state=Failed");
        wait.until(ExpectedConditions.urlContains("/console/login.xhtml"));
        WebElement note = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("loginForm:expired")));
        assertTrue(note.getText().contains("Your session has ended"), note.getText());
        login(TestPlatform.ADMIN_USER, TestPlatform.ADMIN_PASSWORD);
        wait.until(ExpectedConditions.urlContains("/console/runs.xhtml?state=Failed"));
        assertEquals("Failed", driver.findElement(By.id("runsForm:state_label")).getText());
    }

    @Test
    void anAjaxClickOnAnEndedSessionReturnsToItsPageAfterLogin() {
        loginAsAdmin();
        open("console/runs.xhtml?state=Failed");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("runsForm:apply")));
        String first = driver.getWindowHandle();
        driver.switchTo().newWindow(WindowType.TAB);
        open("console/apps.xhtml");
        click(By.id("menuForm:logout"));
        wait.until(ExpectedConditions.urlContains("/console/login.xhtml"));
        driver.switchTo().window(first);

        // an AJAX button of the stale page is answered with the way to the login, and back
        driver.findElement(By.id("runsForm:apply")).click();
        wait.until(ExpectedConditions.urlContains("/console/login.xhtml"));
        assertTrue(driver.getCurrentUrl().contains("next="), driver.getCurrentUrl());
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("loginForm:expired")));
        login(TestPlatform.ADMIN_USER, TestPlatform.ADMIN_PASSWORD);
        wait.until(ExpectedConditions.urlContains("/console/runs.xhtml?state=Failed"));
    }

    @Test
    void aLoginPageLeftOpenPastItsSessionStillLogsIn() {
        open("console/login.xhtml");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("loginForm:username")));
        String first = driver.getWindowHandle();
        // meanwhile sessions come and go in this browser
        driver.switchTo().newWindow(WindowType.TAB);
        loginAsAdmin();
        click(By.id("menuForm:logout"));
        wait.until(ExpectedConditions.urlContains("/console/login.xhtml"));
        driver.switchTo().window(first);

        login(TestPlatform.ADMIN_USER, TestPlatform.ADMIN_PASSWORD);
        wait.until(ExpectedConditions.urlContains("/console/apps.xhtml"));
        assertEquals(
                TestPlatform.ADMIN_USER,
                driver.findElement(By.id("menuForm:user")).getText());
    }

    @Test
    void aLinkCannotSendAFreshLoginElsewhere() {
        open("console/login.xhtml?next=" + "https%3A%2F%2Fevil.example%2F");
        login(TestPlatform.ADMIN_USER, TestPlatform.ADMIN_PASSWORD);
        wait.until(ExpectedConditions.urlContains("/console/apps.xhtml"));
        open("console/logout");
        wait.until(ExpectedConditions.urlContains("/console/apps.xhtml"));
        assertEquals(
                TestPlatform.ADMIN_USER,
                driver.findElement(By.id("menuForm:user")).getText());
    }

    @Test
    void theLoginFieldsStayInsideTheirPanel() {
        open("console/login.xhtml");
        WebElement panel =
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".wf-login .ui-panel")));
        Rectangle box = panel.getRect();
        for (WebElement field : List.of(
                driver.findElement(By.id("loginForm:username")),
                driver.findElement(By.id("loginForm:password")),
                driver.findElement(By.id("loginForm:login")))) {
            Rectangle r = field.getRect();
            assertTrue(
                    r.getX() >= box.getX() && r.getX() + r.getWidth() <= box.getX() + box.getWidth(),
                    field.getDomAttribute("id") + " at " + r.getX() + "+" + r.getWidth() + " leaves the panel at "
                            + box.getX() + "+" + box.getWidth());
        }
    }
}
