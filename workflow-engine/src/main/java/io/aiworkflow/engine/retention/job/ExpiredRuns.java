package io.aiworkflow.engine.retention.job;

import java.io.Serializable;
import java.util.List;

/** One chunk's worth of runs to delete. */
record ExpiredRuns(List<String> ids) implements Serializable {}
