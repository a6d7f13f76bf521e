package io.aiworkflow.web.it;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The console tests' browser: Debian's headless Chromium with a fresh profile per test, and the
 * steps every console test takes (open a page, log in, click and wait for PrimeFaces' AJAX).
 */
abstract class ConsoleBrowserTest {

    /** Where a failed test leaves the page it ended on, as a screenshot and as HTML. */
    private static final Path FAILURES = Path.of("target", "console-failures");

    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    private static final String CHROMIUM = "/usr/bin/chromium";

    protected WebDriver driver;
    protected WebDriverWait wait;
    private Path profile;
    /** Where the browser saves what a page downloads. */
    protected Path downloads;

    @RegisterExtension
    final AfterTestExecutionCallback keepPageOnFailure = context -> {
        if (context.getExecutionException().isPresent() && driver != null) {
            String name = context.getRequiredTestClass().getSimpleName() + "-"
                    + context.getRequiredTestMethod().getName();
            try {
                screenshot(FAILURES.resolve(name + ".png"));
                Files.writeString(FAILURES.resolve(name + ".html"), driver.getPageSource());
            } catch (RuntimeException | IOException unreadable) {
                // the browser itself may be what failed; the test's own error says more
            }
        }
    };

    @BeforeEach
    void browser() throws IOException {
        TestPlatform.baseUri();
        // a fixed driver path keeps Selenium Manager from looking for (downloading) one
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
        profile = Files.createTempDirectory("console-it-chromium");
        downloads = Files.createDirectories(profile.resolve("downloads"));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--window-size=1400,1100",
                "--user-data-dir=" + profile);
        options.setExperimentalOption(
                "prefs",
                java.util.Map.of(
                        "download.default_directory", downloads.toString(), "download.prompt_for_download", false));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        // generous: the shared build machine can be slow, and a run page polls until the run ends
        wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        // an AJAX update replaces elements while a condition reads them: read again rather than fail
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    }

    @AfterEach
    void closeBrowser() throws IOException {
        if (driver != null) {
            driver.quit();
        }
        if (profile != null) {
            try (Stream<Path> paths = Files.walk(profile)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    protected void loginAsAdmin() {
        open("console/login.xhtml");
        login(TestPlatform.ADMIN_USER, TestPlatform.ADMIN_PASSWORD);
        wait.until(ExpectedConditions.urlContains("/console/apps.xhtml"));
    }

    protected void login(String user, String password) {
        WebElement username = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("loginForm:username")));
        username.clear();
        username.sendKeys(user);
        WebElement pass = driver.findElement(By.id("loginForm:password"));
        pass.clear();
        pass.sendKeys(password);
        driver.findElement(By.id("loginForm:login")).click();
    }

    /** Creates a Workflow app on the apps page, as a user does, opens it and returns its id. */
    protected String createAppAndOpen(String name) {
        click(By.id("appsForm:newApp"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("createForm:name")))
                .sendKeys(name);
        click(By.id("createForm:create"));
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("createDlg")));
        driver.findElements(By.cssSelector("a.wf-open")).stream()
                .filter(a -> a.getText().equals(name))
                .findFirst()
                .orElseThrow()
                .click();
        wait.until(ExpectedConditions.urlContains("/console/app.xhtml?appId="));
        return driver.getCurrentUrl().replaceAll(".*appId=([^&]+).*", "$1");
    }

    /** Runs the published version from the app page with this first parameter; returns the run's id once it completed. */
    protected String runFromAppPage(String firstParameter) {
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("appForm:params:0:text")))
                .sendKeys(firstParameter);
        click(By.id("appForm:run"));
        wait.until(ExpectedConditions.urlContains("/console/run.xhtml?id="));
        wait.until(d -> "Completed"
                .equals(d.findElement(By.id("runForm:runState")).getText().trim()));
        return driver.getCurrentUrl().replaceAll(".*[?&]id=([^&]+).*", "$1");
    }

    protected void open(String path) {
        driver.get(Api.uri(path).toString());
    }

    /** Clicks and waits for PrimeFaces' AJAX queue to drain, so the next assertion sees the update. */
    protected void click(By by) {
        wait.until(ExpectedConditions.elementToBeClickable(by)).click();
        ajaxDone();
    }

    protected void ajaxDone() {
        wait.until(d -> (Boolean) ((JavascriptExecutor) d)
                .executeScript(
                        "return document.readyState === 'complete' && (!window.PrimeFaces || PrimeFaces.ajax.Queue.isEmpty())"
                                + " && (!window.jQuery || jQuery.active === 0)"));
    }

    /**
     * Picks an option of a PrimeFaces select menu the way a user does: open it, click the item and
     * see the menu's label show it. A click that lands while the page is still binding its widgets,
     * or while the panel is still opening, can be lost; the user would then simply pick again.
     */
    protected void choose(String menuId, String labelContains) {
        String css = "#" + menuId.replace(":", "\\:");
        RuntimeException lastMiss = null;
        for (int attempt = 1; attempt <= 4; attempt++) {
            try {
                WebDriverWait shortWait = new WebDriverWait(driver, Duration.ofSeconds(5));
                shortWait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
                ajaxDone();
                shortWait
                        .until(ExpectedConditions.elementToBeClickable(By.id(menuId)))
                        .click();
                WebElement item = shortWait.until(d -> d.findElements(By.cssSelector(css + "_items li")).stream()
                        .filter(li -> li.isDisplayed() && li.getText().contains(labelContains))
                        .findFirst()
                        .orElse(null));
                item.click();
                ajaxDone();
                shortWait.until(d ->
                        d.findElement(By.cssSelector(css + "_label")).getText().contains(labelContains));
                return;
            } catch (RuntimeException missed) {
                lastMiss = missed;
                // close a panel left open so the next attempt's click opens it again
                driver.findElement(By.tagName("body")).sendKeys(Keys.ESCAPE);
            }
        }
        throw new AssertionError(
                menuId + " shows '"
                        + driver.findElements(By.cssSelector(css + "_label")).stream()
                                .map(WebElement::getText)
                                .findFirst()
                                .orElse("")
                        + "', not '" + labelContains + "'",
                lastMiss);
    }

    protected void screenshot(Path target) throws IOException {
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.createDirectories(target.toAbsolutePath().getParent());
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    }
}
