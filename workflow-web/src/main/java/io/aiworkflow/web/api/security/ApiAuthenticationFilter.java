package io.aiworkflow.web.api.security;

import io.aiworkflow.domain.shared.ErrorCode;
import io.aiworkflow.engine.security.ActiveUsers;
import io.aiworkflow.engine.security.ApiKeyCallers;
import io.aiworkflow.engine.security.Caller;
import io.aiworkflow.engine.security.SocketTickets;
import io.aiworkflow.web.api.errors.ErrorBody;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

import java.util.Optional;
import java.util.Set;

/**
 * Every {@code /api} call needs {@code Authorization: Bearer <api key>}, an {@code access_token}
 * query parameter (for browsers' EventSource, which cannot set headers) or a console session.
 * A session may only change things when the request carries {@code X-Requested-With}: a cross-site
 * form cannot set that header, so this guards against CSRF. For the same reason a session cannot
 * start a run with {@code GET …/execute} (a link could): that needs an access token or a one-time
 * ticket ({@code POST /api/ws-ticket}) in the query.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class ApiAuthenticationFilter implements ContainerRequestFilter {

    private static final Set<String> SAFE_METHODS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    @Inject
    private ApiKeyCallers apiKeys;

    @Inject
    private CurrentCaller currentCaller;

    @Inject
    private SocketTickets tickets;

    @Inject
    private ActiveUsers activeUsers;

    @Context
    private HttpServletRequest servletRequest;

    /** {@code GET /api/app/workflow/execute} (for EventSource) starts a run although GET is otherwise safe. */
    private static boolean startsRunByGet(ContainerRequestContext request) {
        return HttpMethod.GET.equals(request.getMethod())
                && request.getUriInfo().getPath().replaceAll("^/+|/+$", "").equals("app/workflow/execute");
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        Optional<Caller> caller;
        if (header != null) {
            caller = header.regionMatches(true, 0, "Bearer ", 0, 7)
                    ? apiKeys.byApiKey(header.substring(7).trim())
                    : Optional.empty();
        } else if (request.getUriInfo().getQueryParameters().containsKey("access_token")) {
            caller = apiKeys.byApiKey(request.getUriInfo().getQueryParameters().getFirst("access_token"));
        } else if (startsRunByGet(request)
                && request.getUriInfo().getQueryParameters().containsKey("ticket")) {
            caller = tickets.redeem(request.getUriInfo().getQueryParameters().getFirst("ticket"));
        } else {
            caller = Optional.ofNullable(SessionCaller.active(servletRequest, activeUsers));
            if (caller.isPresent()
                    && !SAFE_METHODS.contains(request.getMethod())
                    && request.getHeaderString("X-Requested-With") == null) {
                request.abortWith(ErrorBody.response(
                        ErrorCode.FORBIDDEN, "a console session must send X-Requested-With to change data", null));
                return;
            }
            if (caller.isPresent() && startsRunByGet(request)) {
                // a link on another site would start a run with the visitor's session
                request.abortWith(ErrorBody.response(
                        ErrorCode.FORBIDDEN,
                        "a console session starts a run by GET"
                                + " only with a one-time ticket from POST /api/ws-ticket (or an access_token)",
                        null));
                return;
            }
        }
        if (caller.isEmpty()) {
            request.abortWith(ErrorBody.response(
                    ErrorCode.UNAUTHORIZED, "authentication required: send Authorization: Bearer <api key>", null));
            return;
        }
        currentCaller.set(caller.get());
    }
}
