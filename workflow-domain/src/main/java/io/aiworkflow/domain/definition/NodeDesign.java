package io.aiworkflow.domain.definition;

import java.util.List;
import java.util.Optional;

/**
 * One node of a function design. A passive model: no execution code lives here.
 * {@code nodeType} is kept as written (drafts may be incomplete); {@link #type()} is the parsed type.
 */
public record NodeDesign(
        String nodeKey, String name, String description, String nodeType, List<FieldDesign> fieldDesigns) {

    /** Fields that configure the node itself rather than feed its inputs. */
    public static final List<String> SETTING_FIELDS = List.of(
            "timeoutMs",
            "retry",
            "onError",
            "defaultOutput",
            "needHumanConfirm",
            "assignees",
            "confirmTimeoutMs",
            "onReject",
            "responseTemplate",
            "code");

    public NodeDesign {
        fieldDesigns = fieldDesigns == null ? List.of() : List.copyOf(fieldDesigns);
    }

    /** The node type, or {@code null} when the draft names an unknown one. */
    public NodeType type() {
        return NodeType.parse(nodeType).orElse(null);
    }

    public Optional<FieldDesign> field(String fieldName) {
        return fieldDesigns.stream()
                .filter(f -> fieldName.equals(f.fieldName()))
                .findFirst();
    }

    public String displayName() {
        return name == null || name.isBlank() ? nodeKey : name;
    }

    public static boolean isSetting(String fieldName) {
        return SETTING_FIELDS.contains(fieldName);
    }
}
