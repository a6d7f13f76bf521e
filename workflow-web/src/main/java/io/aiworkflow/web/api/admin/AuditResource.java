package io.aiworkflow.web.api.admin;

import io.aiworkflow.domain.shared.WorkflowException;
import io.aiworkflow.engine.audit.AuditEntry;
import io.aiworkflow.engine.audit.AuditLog;
import io.aiworkflow.engine.audit.AuditLog.AuditPage;
import io.aiworkflow.engine.audit.AuditQuery;
import io.aiworkflow.engine.security.Caller;
import io.aiworkflow.web.api.security.CurrentCaller;
import io.aiworkflow.web.api.support.QueryParams;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** The audit log ({@code /api/admin/audit}): admins search it and export it as CSV. */
@ApplicationScoped
@Path("admin/audit")
public class AuditResource {

    @Inject
    private AuditLog audit;

    @Inject
    private CurrentCaller caller;

    /** The newest first; {@code action} is an action ({@code app.publish}) or a family ({@code app}). */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public AuditPage search(
            @QueryParam("action") String action,
            @QueryParam("actor") String actor,
            @QueryParam("target") String target,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("page") Integer page,
            @QueryParam("pageSize") Integer pageSize) {
        return audit.search(
                caller.get(),
                query(action, actor, target, from, to),
                page == null ? 1 : page,
                pageSize == null ? 50 : pageSize);
    }

    /** The same search as CSV, every matching entry (up to {@value AuditLog#MAX_EXPORT_ROWS}), newest first. */
    @GET
    @Path("export")
    @Produces("text/csv")
    public Response export(
            @QueryParam("action") String action,
            @QueryParam("actor") String actor,
            @QueryParam("target") String target,
            @QueryParam("from") String from,
            @QueryParam("to") String to) {
        Caller who = caller.get();
        AuditQuery query = query(action, actor, target, from, to);
        audit.search(who, query, 1, 1); // refuses non-admins before the response starts
        StreamingOutput body = out -> {
            CSVPrinter csv = new CSVPrinter(
                    new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8)),
                    CSVFormat.RFC4180
                            .builder()
                            .setHeader("time", "actor", "action", "target", "details", "address")
                            .get());
            try {
                audit.export(who, query, entry -> print(csv, entry));
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            csv.flush();
        };
        return Response.ok(body, "text/csv; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"audit-log.csv\"")
                .build();
    }

    private static void print(CSVPrinter csv, AuditEntry e) {
        try {
            csv.printRecord(
                    e.time().toString(),
                    cell(e.actor()),
                    e.action(),
                    cell(e.target()),
                    cell(e.details()),
                    cell(e.address()));
        } catch (IOException io) {
            throw new UncheckedIOException(io);
        }
    }

    /**
     * A value a spreadsheet would take for a formula (names and details are typed by users) is
     * kept as text by a leading apostrophe.
     */
    static String cell(String value) {
        if (value != null && !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0) {
            return "'" + value;
        }
        return value;
    }

    static AuditQuery query(String action, String actor, String target, String from, String to) {
        if (action != null && action.length() > 40) {
            throw WorkflowException.validation("action", "must be at most 40 characters");
        }
        Instant start = QueryParams.instant("from", from);
        Instant end = QueryParams.instant("to", to);
        if (start != null && end != null && !start.isBefore(end)) {
            throw WorkflowException.validation("to", "must be after from");
        }
        return new AuditQuery(action, actor, target, start, end);
    }
}
