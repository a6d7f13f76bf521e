package io.aiworkflow.web.health;

import io.aiworkflow.engine.platform.Readiness;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * {@code /health} (live) and {@code /health/ready}: UP only once the schema is migrated and the
 * database answers, so a load balancer or the launcher knows when to send traffic.
 */
@WebServlet(urlPatterns = {"/health", "/health/ready", "/health/live"})
public class HealthServlet extends HttpServlet {

    @Inject
    private Readiness readiness;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        boolean live = req.getServletPath().endsWith("/live");
        boolean migrated = readiness.isMigrated();
        boolean database = live || readiness.databaseAnswers();
        boolean up = live || (migrated && database);
        resp.setStatus(up ? 200 : 503);
        resp.setContentType("application/json");
        resp.setHeader("Cache-Control", "no-store");
        resp.getWriter()
                .write("{\"status\":\"" + (up ? "UP" : "DOWN") + "\",\"checks\":{\"migrated\":" + migrated
                        + ",\"database\":" + database + "}}");
    }
}
