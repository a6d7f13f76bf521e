package io.aiworkflow.web.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** Every REST path of seed 003 is served under {@code /api}. */
@ApplicationPath("api")
public class ApiApplication extends Application {
}
