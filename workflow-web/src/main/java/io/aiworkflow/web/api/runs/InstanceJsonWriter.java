package io.aiworkflow.web.api.runs;

import io.aiworkflow.domain.shared.JsonMembers;
import io.aiworkflow.engine.history.InstanceViews.Instance;
import io.aiworkflow.engine.history.InstanceViews.NodeExecution;
import io.aiworkflow.engine.history.InstanceViews.RunError;
import io.aiworkflow.engine.history.InstanceViews.Tokens;
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
 * without a JSON-P generator's per-token work.
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
        JsonMembers run = JsonMembers.openOmittingNulls(out)
                .string("appId", i.appId())
                .string("bulkOperationId", i.bulkOperationId())
                .number("duration", i.duration());
        time(run, "endTime", i.endTime());
        error(run, i.error());
        run.string("id", i.id());
        run.name("nodeExecutions").append('[');
        for (int n = 0; n < i.nodeExecutions().size(); n++) {
            if (n > 0) {
                out.append(',');
            }
            node(out, i.nodeExecutions().get(n));
        }
        out.append(']');
        run.value("parameters", i.parameters())
                .string("repeatOf", i.repeatOf())
                .string("replayOf", i.replayOf())
                .value("result", i.result())
                .string("scheduleId", i.scheduleId());
        time(run, "scheduledTime", i.scheduledTime());
        time(run, "startTime", i.startTime());
        run.string("startedBy", i.startedBy()).string("state", i.state()).number("teamId", i.teamId());
        tokens(run, i.tokens());
        run.number("version", i.version())
                .string("workflowDesignId", i.workflowDesignId())
                .close();
        return out.toString();
    }

    private static void node(StringBuilder out, NodeExecution n) {
        JsonMembers node = JsonMembers.openOmittingNulls(out)
                .number("attempt", n.attempt())
                .string("branch", n.branch())
                .number("duration", n.duration());
        time(node, "endTime", n.endTime());
        error(node, n.error());
        node.string("id", n.id())
                .value("input", n.input())
                .string("invokeId", n.invokeId())
                .string("iteration", n.iteration())
                .string("nodeKey", n.nodeKey())
                .string("nodeName", n.nodeName())
                .string("nodeType", n.nodeType())
                .value("output", n.output())
                .string("reusedFrom", n.reusedFrom());
        time(node, "startTime", n.startTime());
        node.string("state", n.state());
        tokens(node, n.tokens());
        node.close();
    }

    private static void time(JsonMembers object, String name, OffsetDateTime value) {
        if (value != null) {
            StringBuilder out = object.name(name).append('"');
            DateTimeFormatter.ISO_OFFSET_DATE_TIME.formatTo(value, out);
            out.append('"');
        }
    }

    private static void error(JsonMembers object, RunError error) {
        if (error != null) {
            JsonMembers.openOmittingNulls(object.name("error"))
                    .string("code", error.code())
                    .string("message", error.message())
                    .close();
        }
    }

    private static void tokens(JsonMembers object, Tokens t) {
        if (t != null) {
            JsonMembers.openOmittingNulls(object.name("tokens"))
                    .number("completionTokens", t.completionTokens())
                    .number("embeddingTokens", t.embeddingTokens())
                    .number("promptTokens", t.promptTokens())
                    .number("rerankTokens", t.rerankTokens())
                    .number("totalTokens", t.totalTokens())
                    .close();
        }
    }
}
