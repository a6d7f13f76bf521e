package io.aiworkflow.engine.catalog;

import io.aiworkflow.domain.definition.FunctionDesign;

/** The published version of a workflow app, as a SubWorkflow node runs it. */
public record PublishedWorkflow(String appId, int version, FunctionDesign design) {}
