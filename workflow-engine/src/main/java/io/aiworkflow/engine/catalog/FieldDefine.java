package io.aiworkflow.engine.catalog;

/** One input field a plugin declares; {@code fieldType} as for Start parameters (String, Number, …). */
public record FieldDefine(String name, String fieldType, boolean required, String description) {
}
