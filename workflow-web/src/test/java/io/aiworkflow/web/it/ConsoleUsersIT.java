package io.aiworkflow.web.it;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * People in the console: an admin creates a team and a user in it, sees team names rather than
 * numbers, and changes the user's role, which ends the user's sessions (they held the old role).
 */
class ConsoleUsersIT extends ConsoleBrowserTest {

    @Test
    void createATeamAndAUserThenChangeTheRole() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String team = "Ops " + suffix;
        String username = "ops-" + suffix;
        loginAsAdmin();
        open("console/users.xhtml");

        driver.findElement(By.id("teamsForm:teamName")).sendKeys(team);
        click(By.id("teamsForm:createTeam"));
        wait.until(d -> d.findElement(By.id("teamsForm:teams")).getText().contains(team));

        driver.findElement(By.id("newUserForm:username")).sendKeys(username);
        driver.findElement(By.id("newUserForm:password")).sendKeys("ops password 12");
        choose("newUserForm:role", "viewer");
        choose("newUserForm:team", team);
        click(By.id("newUserForm:create"));
        wait.until(d -> messages().contains("Created '" + username + "'"));
        WebElement row = userRow(username);
        assertTrue(row.getText().contains(team), "the team's name, not its number: " + row.getText());

        ConsoleSession session = new ConsoleSession();
        assertTrue(ConsoleSession.signedIn(session.signIn(username, "ops password 12")));
        assertEquals(200, consolePage(session).statusCode());

        String menu = "usersForm:users:" + userRow(username).getDomAttribute("data-ri") + ":role";
        choose(menu, "editor");
        wait.until(d -> messages().contains("'" + username + "' is now editor"));
        JsonObject user = Api.admin().get("api/admin/users").value().asJsonArray().stream()
                .map(JsonValue::asJsonObject)
                .filter(u -> username.equals(u.getString("username")))
                .findFirst()
                .orElseThrow();
        assertEquals("editor", user.getString("role"));
        // the session signed in as a viewer ends; a new sign-in is an editor
        HttpResponse<String> after = consolePage(session);
        assertEquals(302, after.statusCode());
        assertTrue(after.headers().firstValue("Location").orElse("").contains("login.xhtml"));

        // an admin cannot take their own admin role away (asked as this browser's session asks)
        String ownId = Api.admin().get("api/admin/users").value().asJsonArray().stream()
                .map(JsonValue::asJsonObject)
                .filter(u -> TestPlatform.ADMIN_USER.equals(u.getString("username")))
                .map(u -> u.getJsonNumber("userId").toString())
                .findFirst()
                .orElseThrow();
        String answer = (String) ((org.openqa.selenium.JavascriptExecutor) driver)
                .executeAsyncScript("var done = arguments[arguments.length - 1];"
                        + "fetch('../api/admin/users/" + ownId + "/role', {method: 'PUT',"
                        + " headers: {'Content-Type': 'application/json', 'X-Requested-With': 'fetch'},"
                        + " body: JSON.stringify({role: 'viewer'})})"
                        + ".then(r => r.text().then(t => done(r.status + ' ' + t)));");
        assertTrue(answer.startsWith("409") && answer.contains("cannot take their own admin role away"), answer);
    }

    private HttpResponse<String> consolePage(ConsoleSession session) throws Exception {
        return session.send(HttpRequest.newBuilder(Api.uri("console/apps.xhtml")));
    }

    private WebElement userRow(String username) {
        return wait.until(d -> d.findElements(By.cssSelector("#usersForm\\:users_data > tr[data-ri]")).stream()
                .filter(r -> r.findElements(By.tagName("td")).get(0).getText().equals(username))
                .findFirst()
                .orElse(null));
    }

    private String messages() {
        return driver.findElement(By.id("messages")).getText();
    }
}
