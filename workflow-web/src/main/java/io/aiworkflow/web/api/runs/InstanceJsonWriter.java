package io.aiworkflow.web.api.runs;

import io.aiworkflow.engine.history.InstanceViews.Instance;
import io.aiworkflow.engine.history.InstanceViews.NodeExecution;
import io.aiworkflow.engine.history.InstanceViews.RunError;
import io.aiworkflow.engine.history.InstanceViews.Tokens;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonGeneratorFactory;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyWriter;
import jakarta.ws.rs.ext.Provider;

import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * Writes a run (the answer of {@code execute}, {@code GET /instance/{id}}, a replay) straight to the
 * response with JSON-P, in the form JSON-B gives the same record: properties in lexicographic
 * order, null ones left out, times as ISO-8601 with offset. JSON-B walks a record reflectively
 * and hashes every object it writes (deeply, for records) to detect cycles: for a run with its
 * node executions that was a tenth of the server's CPU under load.
 */
@Provider
@Produces(MediaType.APPLICATION_JSON)
public class InstanceJsonWriter implements MessageBodyWriter<Instance> {

    private static final JsonGeneratorFactory GENERATORS = Json.createGeneratorFactory(Map.of());

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type == Instance.class;
    }

    @Override
    public void writeTo(
            Instance instance,
            Class<?> type,
            Type genericType,
            Annotation[] annotations,
            MediaType mediaType,
            MultivaluedMap<String, Object> httpHeaders,
            OutputStream out) {
        try (JsonGenerator json = GENERATORS.createGenerator(out)) {
            write(json, instance);
        }
    }

    /** Writes the run; exposed for the test that holds it to JSON-B's form. */
    static void write(JsonGenerator json, Instance i) {
        json.writeStartObject();
        string(json, "appId", i.appId());
        string(json, "bulkOperationId", i.bulkOperationId());
        number(json, "duration", i.duration());
        time(json, "endTime", i.endTime());
        error(json, i.error());
        string(json, "id", i.id());
        json.writeStartArray("nodeExecutions");
        for (NodeExecution n : i.nodeExecutions()) {
            node(json, n);
        }
        json.writeEnd();
        value(json, "parameters", i.parameters());
        string(json, "repeatOf", i.repeatOf());
        string(json, "replayOf", i.replayOf());
        value(json, "result", i.result());
        string(json, "scheduleId", i.scheduleId());
        time(json, "scheduledTime", i.scheduledTime());
        time(json, "startTime", i.startTime());
        string(json, "startedBy", i.startedBy());
        string(json, "state", i.state());
        json.write("teamId", i.teamId());
        tokens(json, i.tokens());
        json.write("version", i.version());
        string(json, "workflowDesignId", i.workflowDesignId());
        json.writeEnd();
    }

    private static void node(JsonGenerator json, NodeExecution n) {
        json.writeStartObject();
        json.write("attempt", n.attempt());
        string(json, "branch", n.branch());
        number(json, "duration", n.duration());
        time(json, "endTime", n.endTime());
        error(json, n.error());
        string(json, "id", n.id());
        value(json, "input", n.input());
        string(json, "invokeId", n.invokeId());
        string(json, "iteration", n.iteration());
        string(json, "nodeKey", n.nodeKey());
        string(json, "nodeName", n.nodeName());
        string(json, "nodeType", n.nodeType());
        value(json, "output", n.output());
        string(json, "reusedFrom", n.reusedFrom());
        time(json, "startTime", n.startTime());
        string(json, "state", n.state());
        tokens(json, n.tokens());
        json.writeEnd();
    }

    private static void error(JsonGenerator json, RunError error) {
        if (error != null) {
            json.writeStartObject("error");
            string(json, "code", error.code());
            string(json, "message", error.message());
            json.writeEnd();
        }
    }

    private static void tokens(JsonGenerator json, Tokens t) {
        if (t != null) {
            json.writeStartObject("tokens");
            json.write("completionTokens", t.completionTokens());
            json.write("embeddingTokens", t.embeddingTokens());
            json.write("promptTokens", t.promptTokens());
            json.write("rerankTokens", t.rerankTokens());
            json.write("totalTokens", t.totalTokens());
            json.writeEnd();
        }
    }

    private static void string(JsonGenerator json, String name, String value) {
        if (value != null) {
            json.write(name, value);
        }
    }

    private static void number(JsonGenerator json, String name, Long value) {
        if (value != null) {
            json.write(name, value);
        }
    }

    private static void time(JsonGenerator json, String name, OffsetDateTime value) {
        if (value != null) {
            json.write(name, DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(value));
        }
    }

    private static void value(JsonGenerator json, String name, JsonValue value) {
        if (value != null) {
            json.write(name, value);
        }
    }
}
