package io.aiworkflow.web.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** Every path of the workflow REST API is served under {@code /api}. */
@ApplicationPath("api")
public class ApiApplication extends Application {}
