package io.aiworkflow.web.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small HTTP client for the API as an integration would use it: bearer key, JSON in and out. */
public final class Api {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final String key;

    public Api(String key) {
        this.key = key;
    }

    public static Api admin() {
        return new Api(TestPlatform.ADMIN_KEY);
    }

    public static Api anonymous() {
        return new Api(null);
    }

    public record Reply(int status, String body, HttpResponse<String> raw) {
        public JsonObject json() {
            return (JsonObject) value();
        }

        public JsonValue value() {
            return Json.createReader(new StringReader(body)).readValue();
        }

        public String code() {
            return json().getString("code");
        }
    }

    public Reply get(String path) {
        return send("GET", path, null);
    }

    public Reply post(String path, Object body) {
        return send("POST", path, body);
    }

    public Reply put(String path, Object body) {
        return send("PUT", path, body);
    }

    public Reply delete(String path, Object body) {
        return send("DELETE", path, body);
    }

    public Reply send(String method, String path, Object body) {
        String text = body == null ? null : body instanceof JsonStructure s ? s.toString() : body.toString();
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path))
                .timeout(Duration.ofSeconds(60))
                .header("Accept", "application/json")
                .method(
                        method,
                        text == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(text));
        if (text != null) {
            b.header("Content-Type", "application/json");
        }
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return send(b.build());
    }

    public static Reply send(HttpRequest request) {
        try {
            HttpResponse<String> r = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body(), r);
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static URI uri(String path) {
        return TestPlatform.baseUri().resolve(path.startsWith("/") ? path.substring(1) : path);
    }

    public String key() {
        return key;
    }
}
