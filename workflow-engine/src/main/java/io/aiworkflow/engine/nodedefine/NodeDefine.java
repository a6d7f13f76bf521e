package io.aiworkflow.engine.nodedefine;

import java.util.List;

/**
 * The REST API's {@code NodeDefineResponse}: what the designer needs to draw and configure a node type.
 * The plugin/model/wiki fields are set only for those node types when an id was asked for.
 */
public record NodeDefine(
        String nodeType,
        String nodeTypeName,
        String description,
        Long pluginId,
        String pluginName,
        Long modelId,
        String modelName,
        Long wikiId,
        String wikiName,
        List<FieldDefine> inputFields,
        List<FieldDefine> outputFields,
        boolean supportsStreaming,
        String icon,
        String color) {}
