package io.aiworkflow.web.api.registry;

import io.aiworkflow.domain.shared.JsonFields;
import io.aiworkflow.engine.wiki.WikiRegistry;
import io.aiworkflow.engine.wiki.WikiRegistry.DocumentView;
import io.aiworkflow.engine.wiki.WikiRegistry.WikiView;
import io.aiworkflow.web.api.security.CurrentCaller;
import io.aiworkflow.web.api.support.RequestBodies;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.Map;

/** Knowledge bases ({@code /api/app/wiki}) and their documents; documents are chunked and embedded on upload. */
@ApplicationScoped
@Path("app/wiki")
@Produces(MediaType.APPLICATION_JSON)
@Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
public class WikiResource {

    @Inject
    private WikiRegistry wikis;

    @Inject
    private CurrentCaller caller;

    @POST
    public Response create(String body) {
        JsonObject o = RequestBodies.object(body);
        WikiView wiki = wikis.create(
                caller.get(),
                JsonFields.string(o, "name", true, 200).trim(),
                JsonFields.string(o, "description", false, 2000),
                JsonFields.longValue(o, "teamId", false));
        return Response.status(Response.Status.CREATED).entity(wiki).build();
    }

    @GET
    public List<WikiView> list() {
        return wikis.list(caller.get());
    }

    @GET
    @Path("{wikiId}")
    public WikiView get(@PathParam("wikiId") long wikiId) {
        return wikis.get(caller.get(), wikiId);
    }

    @DELETE
    @Path("{wikiId}")
    public Map<String, Object> delete(@PathParam("wikiId") long wikiId) {
        wikis.delete(caller.get(), wikiId);
        return Map.of("success", true, "wikiId", wikiId);
    }

    @POST
    @Path("{wikiId}/document")
    public Response addDocument(@PathParam("wikiId") long wikiId, String body) {
        JsonObject o = RequestBodies.object(body);
        DocumentView document = wikis.addDocument(
                caller.get(),
                wikiId,
                JsonFields.string(o, "title", true, 500),
                JsonFields.string(o, "text", true, WikiRegistry.MAX_DOCUMENT_CHARS));
        return Response.status(Response.Status.CREATED).entity(document).build();
    }

    @GET
    @Path("{wikiId}/document")
    public List<DocumentView> documents(@PathParam("wikiId") long wikiId) {
        return wikis.documents(caller.get(), wikiId);
    }

    @DELETE
    @Path("{wikiId}/document/{documentId}")
    public Map<String, Object> deleteDocument(
            @PathParam("wikiId") long wikiId, @PathParam("documentId") long documentId) {
        wikis.deleteDocument(caller.get(), wikiId, documentId);
        return Map.of("success", true, "documentId", documentId);
    }
}
