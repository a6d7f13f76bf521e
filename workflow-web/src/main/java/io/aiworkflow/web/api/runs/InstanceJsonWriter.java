package io.aiworkflow.web.api.runs;

import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.engine.history.InstanceViews.Instance;
import io.aiworkflow.engine.history.InstanceViews.NodeExecution;
import io.aiworkflow.engine.history.InstanceViews.RunError;
import io.aiworkflow.engine.history.InstanceViews.Tokens;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyWriter;
import jakarta.ws.rs.ext.Provider;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Writes a run (the answer of {@code execute}, {@code GET /instance/{id}}, a replay) straight to the
 * response, in the form JSON-B gives the same record: properties in lexicographic order, null ones
 * left out, times as ISO-8601 with offset. JSON-B walks a record reflectively and hashes every
 * object it writes (deeply, for records) to detect cycles: for a run with its node executions that
 * was a tenth of the server's CPU under load. The text is built in memory and written at once,
 * without a JSON-P generator's per-token work: the run's inputs and outputs are {@link
 * Jsons#appendTo appended} as they are.
 */
@Provider
@Produces(MediaType.APPLICATION_JSON)
public class InstanceJsonWriter implements MessageBodyWriter<Instance> {

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
            OutputStream out)
            throws IOException {
        out.write(write(instance).getBytes(StandardCharsets.UTF_8));
    }

    /** The run's JSON text; exposed for the test that holds it to JSON-B's form. */
    static String write(Instance i) {
        StringBuilder out = new StringBuilder(1024 + 512 * i.nodeExecutions().size());
        Members run = new Members(out)
                .string("appId", i.appId())
                .string("bulkOperationId", i.bulkOperationId())
                .number("duration", i.duration())
                .time("endTime", i.endTime())
                .error(i.error())
                .string("id", i.id());
        run.name("nodeExecutions").append('[');
        boolean first = true;
        for (NodeExecution n : i.nodeExecutions()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            node(out, n);
        }
        out.append(']');
        run.value("parameters", i.parameters())
                .string("repeatOf", i.repeatOf())
                .string("replayOf", i.replayOf())
                .value("result", i.result())
                .string("scheduleId", i.scheduleId())
                .time("scheduledTime", i.scheduledTime())
                .time("startTime", i.startTime())
                .string("startedBy", i.startedBy())
                .string("state", i.state())
                .number("teamId", i.teamId())
                .tokens(i.tokens())
                .number("version", i.version())
                .string("workflowDesignId", i.workflowDesignId())
                .end();
        return out.toString();
    }

    private static void node(StringBuilder out, NodeExecution n) {
        new Members(out)
                .number("attempt", n.attempt())
                .string("branch", n.branch())
                .number("duration", n.duration())
                .time("endTime", n.endTime())
                .error(n.error())
                .string("id", n.id())
                .value("input", n.input())
                .string("invokeId", n.invokeId())
                .string("iteration", n.iteration())
                .string("nodeKey", n.nodeKey())
                .string("nodeName", n.nodeName())
                .string("nodeType", n.nodeType())
                .value("output", n.output())
                .string("reusedFrom", n.reusedFrom())
                .time("startTime", n.startTime())
                .string("state", n.state())
                .tokens(n.tokens())
                .end();
    }

    /** The members of one JSON object as they are written: each after a comma but the first; nulls left out. */
    private static final class Members {

        private final StringBuilder out;
        private boolean any;

        Members(StringBuilder out) {
            this.out = out;
            out.append('{');
        }

        /** Starts a member; the names are this class's own, plain ASCII. */
        StringBuilder name(String name) {
            if (any) {
                out.append(',');
            }
            any = true;
            return out.append('"').append(name).append("\":");
        }

        Members string(String name, String value) {
            if (value != null) {
                Jsons.appendTo(Jsons.string(value), name(name));
            }
            return this;
        }

        Members number(String name, Long value) {
            return value == null ? this : number(name, value.longValue());
        }

        Members number(String name, long value) {
            name(name).append(value);
            return this;
        }

        Members time(String name, OffsetDateTime value) {
            if (value != null) {
                name(name).append('"');
                DateTimeFormatter.ISO_OFFSET_DATE_TIME.formatTo(value, out);
                out.append('"');
            }
            return this;
        }

        Members value(String name, JsonValue value) {
            if (value != null) {
                Jsons.appendTo(value, name(name));
            }
            return this;
        }

        Members error(RunError error) {
            if (error != null) {
                name("error");
                new Members(out)
                        .string("code", error.code())
                        .string("message", error.message())
                        .end();
            }
            return this;
        }

        Members tokens(Tokens t) {
            if (t != null) {
                name("tokens");
                new Members(out)
                        .number("completionTokens", t.completionTokens())
                        .number("embeddingTokens", t.embeddingTokens())
                        .number("promptTokens", t.promptTokens())
                        .number("rerankTokens", t.rerankTokens())
                        .number("totalTokens", t.totalTokens())
                        .end();
            }
            return this;
        }

        void end() {
            out.append('}');
        }
    }
}
