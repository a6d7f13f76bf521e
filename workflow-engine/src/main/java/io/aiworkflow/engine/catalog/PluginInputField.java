package io.aiworkflow.engine.catalog;

/**
 * One input field a plugin declares (its registry entry stores it in the node-define field shape);
 * {@code fieldType} as for Start parameters (String, Number, …).
 */
public record PluginInputField(String name, String fieldType, boolean required, String description) {}
