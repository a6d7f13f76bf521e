package io.aiworkflow.engine.nodedefine;

/** One node-define query: a node type and, for Plugin/AiChat/Wiki, the registry entry to describe. */
public record NodeDefineRequest(String requestId, String nodeType, Long pluginId, Long modelId, Long wikiId) {}
