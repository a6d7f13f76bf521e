package io.aiworkflow.web.console;

import java.io.Serializable;

/**
 * One parameter the published Start node declares, with what the user typed for it. A JavaBean
 * (EL 5 cannot read records); Boolean parameters use {@code flag}, all others {@code text}.
 */
public class ParameterField implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String name;
    private final String fieldType;
    private final boolean required;
    private final String description;
    private final String defaultText;
    private String text;
    private boolean flag;

    ParameterField(String name, String fieldType, boolean required, String description, String defaultText) {
        this.name = name;
        this.fieldType = fieldType;
        this.required = required;
        this.description = description;
        this.defaultText = defaultText;
        this.flag = "true".equals(defaultText);
    }

    /** Which input the form draws: a checkbox, a JSON text area, or a one-line text field. */
    public String getInputKind() {
        return switch (fieldType) {
            case "Boolean" -> "boolean";
            case "Object", "Array" -> "json";
            default -> "text";
        };
    }

    /** Required for the form only when the engine has no default to fall back on. */
    public boolean isMustFill() {
        return required && defaultText == null;
    }

    public String getName() {
        return name;
    }

    public String getFieldType() {
        return fieldType;
    }

    public boolean isRequired() {
        return required;
    }

    public String getDescription() {
        return description;
    }

    public String getDefaultText() {
        return defaultText;
    }

    public String getText() {
        return text;
    }

    public void setText(String text) {
        this.text = text;
    }

    public boolean isFlag() {
        return flag;
    }

    public void setFlag(boolean flag) {
        this.flag = flag;
    }
}
