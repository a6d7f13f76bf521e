package io.aiworkflow.engine.nodedefine;

/** The REST API's {@code FieldDefine}: one input or output field of a node type. */
public record FieldDefine(String fieldName, String fieldType, boolean isRequired, String description) {

    static FieldDefine required(String name, String type, String description) {
        return new FieldDefine(name, type, true, description);
    }

    static FieldDefine optional(String name, String type, String description) {
        return new FieldDefine(name, type, false, description);
    }
}
