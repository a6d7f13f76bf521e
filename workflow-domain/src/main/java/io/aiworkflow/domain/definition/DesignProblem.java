package io.aiworkflow.domain.definition;

/** One thing wrong with a design, tied to the node it concerns ({@code null} for the design as a whole). */
public record DesignProblem(String nodeKey, String code, String message) {}
