package io.aiworkflow.web.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.io.StringReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/** Reads an SSE response as an integration would: {@code id:} and {@code data:} lines, blank line ends an event. */
public final class SseClient {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    public record Event(long id, JsonObject data) {
        public String type() {
            return data.getString("type");
        }
    }

    public record Stream(int status, List<Event> events, String errorBody) {
        public List<String> types() {
            return events.stream().map(Event::type).toList();
        }
    }

    private SseClient() {}

    public static HttpRequest.Builder post(String path, JsonObject body, String key) {
        return HttpRequest.newBuilder(Api.uri(path))
                .timeout(Duration.ofSeconds(60))
                .header("Accept", "text/event-stream")
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    }

    /** Reads events until the stream ends or {@code max} events arrived. */
    public static Stream read(HttpRequest request, int max) {
        try {
            HttpResponse<java.util.stream.Stream<String>> response =
                    CLIENT.send(request, HttpResponse.BodyHandlers.ofLines());
            if (response.statusCode() != 200) {
                return new Stream(
                        response.statusCode(),
                        List.of(),
                        String.join("\n", response.body().toList()));
            }
            List<Event> events = new ArrayList<>();
            try (java.util.stream.Stream<String> lines = response.body()) {
                Iterator<String> it = lines.iterator();
                long id = -1;
                StringBuilder data = new StringBuilder();
                while (events.size() < max && it.hasNext()) {
                    String line = it.next();
                    if (line.startsWith("id:")) {
                        id = Long.parseLong(line.substring(3).trim());
                    } else if (line.startsWith("data:")) {
                        data.append(line.substring(5).trim());
                    } else if (line.isEmpty() && data.length() > 0) {
                        events.add(new Event(
                                id,
                                Json.createReader(new StringReader(data.toString()))
                                        .readObject()));
                        data.setLength(0);
                        id = -1;
                    }
                }
            }
            return new Stream(200, events, null);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
