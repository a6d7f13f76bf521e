package io.aiworkflow.web.it;

import java.net.CookieManager;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Signs in to the console's login form over plain HTTP, as a browser posts it; keeps the session cookie. */
final class ConsoleSession {

    private static final Pattern VIEW_STATE =
            Pattern.compile("name=\"jakarta.faces.ViewState\"[^>]*value=\"([^\"]+)\"");
    private final HttpClient client = HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    /** The login page's answer to this name and password: a redirect (signed in) or the page again, with its message. */
    HttpResponse<String> signIn(String username, String password) throws Exception {
        HttpResponse<String> page = client.send(
                HttpRequest.newBuilder(Api.uri("console/login.xhtml")).build(), HttpResponse.BodyHandlers.ofString());
        Matcher m = VIEW_STATE.matcher(page.body());
        if (!m.find()) {
            throw new IllegalStateException("no view state on the login page: " + page.body());
        }
        String form = "loginForm=loginForm&loginForm%3Ausername=" + enc(username) + "&loginForm%3Apassword="
                + enc(password) + "&loginForm%3Alogin=&jakarta.faces.ViewState=" + enc(m.group(1));
        return client.send(
                HttpRequest.newBuilder(Api.uri("console/login.xhtml"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static boolean signedIn(HttpResponse<String> answer) {
        return answer.statusCode() == 302
                && answer.headers().firstValue("Location").orElse("").contains("apps.xhtml");
    }

    /** A request with this session's cookie. */
    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
