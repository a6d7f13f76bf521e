package io.aiworkflow.web.api.datasets;

import io.aiworkflow.domain.shared.WorkflowException;
import io.aiworkflow.engine.dataset.Dataset;
import io.aiworkflow.engine.dataset.DatasetFormat;
import io.aiworkflow.engine.dataset.DatasetParser.Row;
import io.aiworkflow.engine.dataset.DatasetService;
import io.aiworkflow.web.api.security.CurrentCaller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityPart;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.io.IOException;
import java.util.List;

/**
 * An app's datasets. Uploading checks every row against the published version's Start parameters
 * first: one bad row refuses the whole upload (each bad row listed by line) unless
 * {@code skipBadRows=true}. Uploading under an existing name stores its next version.
 */
@ApplicationScoped
@Path("app/{appId}/datasets")
@Produces(MediaType.APPLICATION_JSON)
public class DatasetResource {

    /** The stored dataset, and the lines left out when bad rows were skipped. */
    public record UploadAnswer(Dataset dataset, List<SkippedRow> skipped) {}

    public record SkippedRow(int line, String message) {}

    @Inject
    private DatasetService datasets;

    @Inject
    private CurrentCaller caller;

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response upload(
            @PathParam("appId") String appId,
            @QueryParam("name") String name,
            @QueryParam("skipBadRows") boolean skipBadRows,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            String body,
            @Context UriInfo uri) {
        if (body == null || body.isBlank()) {
            throw WorkflowException.validation("body", "the dataset is empty");
        }
        DatasetService.Uploaded uploaded =
                datasets.upload(caller.get(), appId, name, body, DatasetFormat.ofMediaType(contentType), skipBadRows);
        return Response.created(uri.getAbsolutePathBuilder()
                        .path(uploaded.dataset().id())
                        .build())
                .entity(new UploadAnswer(
                        uploaded.dataset(),
                        uploaded.skipped().stream()
                                .map(e -> new SkippedRow(e.line(), e.message()))
                                .toList()))
                .build();
    }

    /**
     * The same as a form upload ({@code multipart/form-data}): the file in part {@code file} (its
     * own content type, or its name's extension, says the format), {@code name} as a part or the
     * query, default the file's name.
     */
    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response uploadForm(
            @PathParam("appId") String appId,
            @QueryParam("name") String queryName,
            @QueryParam("skipBadRows") boolean skipBadRows,
            @FormParam("file") EntityPart file,
            @FormParam("name") String formName,
            @Context UriInfo uri)
            throws IOException {
        if (file == null) {
            throw WorkflowException.validation("file", "the form has no part named file");
        }
        String fileName = file.getFileName().orElse("dataset.csv");
        String name = formName != null && !formName.isBlank() ? formName : queryName;
        return upload(
                appId,
                name != null && !name.isBlank() ? name : fileName.replaceAll("\\.[^.]*$", ""),
                skipBadRows,
                typeOf(file.getMediaType(), fileName),
                file.getContent(String.class),
                uri);
    }

    /** A part's type, unless the browser sent a generic one: then the file name's extension decides. */
    private static String typeOf(MediaType declared, String fileName) {
        String lower = fileName.toLowerCase(java.util.Locale.ROOT);
        if (declared != null
                && !declared.isWildcardType()
                && !declared.equals(MediaType.APPLICATION_OCTET_STREAM_TYPE)
                && !declared.getSubtype().contains("excel")) {
            return declared.toString();
        }
        if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson")) {
            return "application/x-ndjson";
        }
        return lower.endsWith(".json") ? MediaType.APPLICATION_JSON : "text/csv";
    }

    /** Every version of every dataset of the app. */
    @GET
    public List<Dataset> list(@PathParam("appId") String appId) {
        return datasets.list(caller.get(), appId);
    }

    @GET
    @Path("{datasetId}")
    public Dataset get(@PathParam("appId") String appId, @PathParam("datasetId") String datasetId) {
        return checked(appId, datasetId);
    }

    /** The rows in line order: {@code [{line, parameters}]}. */
    @GET
    @Path("{datasetId}/rows")
    public List<Row> rows(
            @PathParam("appId") String appId,
            @PathParam("datasetId") String datasetId,
            @QueryParam("page") Integer page,
            @QueryParam("pageSize") Integer pageSize) {
        checked(appId, datasetId);
        return datasets.rows(caller.get(), datasetId, page == null ? 1 : page, pageSize == null ? 50 : pageSize);
    }

    private Dataset checked(String appId, String datasetId) {
        Dataset dataset = datasets.get(caller.get(), datasetId);
        if (!dataset.appId().equals(appId)) {
            throw new WorkflowException(
                    io.aiworkflow.domain.shared.ErrorCode.NOT_FOUND, "app " + appId + " has no dataset " + datasetId);
        }
        return dataset;
    }
}
