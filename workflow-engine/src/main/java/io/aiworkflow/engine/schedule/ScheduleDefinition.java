package io.aiworkflow.engine.schedule;

import io.aiworkflow.domain.shared.JsonFields;
import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.domain.shared.WorkflowException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/**
 * A schedule as its owner defines it: when it fires ({@link ScheduleSpec}), what it does with late
 * and overlapping times ({@link FiringPolicy}), and what each firing runs: the app's {@code version}
 * ({@code published}, the version published when it fires, or a number) with {@code parameters}, or
 * a dataset run of {@code datasetId}. Read from and written as the JSON the API takes, which is
 * also how it is stored; an unknown field or a bad value is a VALIDATION_ERROR naming the field.
 */
public record ScheduleDefinition(
        String name,
        ScheduleSpec spec,
        FiringPolicy policy,
        JsonObject parameters,
        String datasetId,
        String version,
        boolean enabled,
        Integer pauseAfterFailures) {

    private static final Set<String> FIELDS = Set.of(
            "name",
            "cron",
            "interval",
            "intervalOffset",
            "timeZone",
            "startAt",
            "endAt",
            "maxRuns",
            "overlap",
            "maxConcurrent",
            "onRepeatedTime",
            "onSkippedTime",
            "misfire",
            "parameters",
            "datasetId",
            "version",
            "enabled",
            "pauseAfterFailures");
    private static final Set<String> MISFIRE_FIELDS = Set.of("graceSeconds", "policy", "maxCatchup", "catchupWindow");

    public ScheduleDefinition {
        if (parameters != null && datasetId != null) {
            throw WorkflowException.validation(
                    "datasetId", "a dataset firing runs the dataset's rows; give either parameters or a datasetId");
        }
        if (pauseAfterFailures != null && (pauseAfterFailures < 1 || pauseAfterFailures > 1000)) {
            throw WorkflowException.validation("pauseAfterFailures", "must be between 1 and 1000");
        }
        parameters = parameters == null && datasetId == null ? Jsons.EMPTY_OBJECT : parameters;
        version = version == null ? "published" : version;
    }

    /** The version a firing runs as a number, or null for the one published when it fires. */
    public Integer versionNumber() {
        return version.equals("published") ? null : Integer.valueOf(version);
    }

    public static ScheduleDefinition fromJson(JsonObject o) {
        for (String key : o.keySet()) {
            if (!FIELDS.contains(key)) {
                throw WorkflowException.validation(
                        key,
                        "is not a schedule field; known: "
                                + FIELDS.stream().sorted().toList());
            }
        }
        JsonObject misfire = JsonFields.object(o, "misfire");
        if (misfire != null) {
            for (String key : misfire.keySet()) {
                if (!MISFIRE_FIELDS.contains(key)) {
                    throw WorkflowException.validation(
                            "misfire." + key,
                            "is not a field here; known: "
                                    + MISFIRE_FIELDS.stream().sorted().toList());
                }
            }
        }
        String cron = JsonFields.string(o, "cron", false, 200);
        if (cron != null) {
            ScheduleTimes.parse(cron);
        }
        ScheduleSpec spec = new ScheduleSpec(
                cron,
                duration(o, "interval"),
                duration(o, "intervalOffset"),
                ScheduleSpec.zone(JsonFields.string(o, "timeZone", false, 64)),
                JsonFields.instant(o, "startAt", false),
                JsonFields.instant(o, "endAt", false),
                JsonFields.intValue(o, "maxRuns", false),
                choice(o, "onRepeatedTime", ScheduleSpec.RepeatedTime.class),
                choice(o, "onSkippedTime", ScheduleSpec.SkippedTime.class));
        JsonObject m = misfire == null ? Jsons.EMPTY_OBJECT : misfire;
        FiringPolicy d = FiringPolicy.DEFAULTS;
        Long grace = JsonFields.longValue(m, "graceSeconds", false);
        Integer maxCatchup = JsonFields.intValue(m, "maxCatchup", false);
        Duration window = duration(m, "catchupWindow");
        Integer maxConcurrent = JsonFields.intValue(o, "maxConcurrent", false);
        FiringPolicy policy = new FiringPolicy(
                grace == null ? d.graceSeconds() : grace,
                choice(m, "policy", FiringPolicy.Misfire.class),
                maxCatchup == null ? d.maxCatchup() : maxCatchup,
                window == null ? d.catchupWindow() : window,
                choice(o, "overlap", FiringPolicy.Overlap.class),
                maxConcurrent == null ? d.maxConcurrent() : maxConcurrent);
        Boolean enabled = JsonFields.bool(o, "enabled", false);
        return new ScheduleDefinition(
                name(JsonFields.string(o, "name", false, 200)),
                spec,
                policy,
                JsonFields.object(o, "parameters"),
                JsonFields.string(o, "datasetId", false, 36),
                version(o.get("version")),
                enabled == null || enabled,
                JsonFields.intValue(o, "pauseAfterFailures", false));
    }

    public JsonObject toJson() {
        JsonObjectBuilder b = Jsons.object();
        b.add("name", name);
        if (spec.cron() != null) {
            b.add("cron", spec.cron());
        } else {
            b.add("interval", spec.interval().toString());
            if (spec.intervalOffset() != null) {
                b.add("intervalOffset", spec.intervalOffset().toString());
            }
        }
        b.add("timeZone", spec.zone().getId());
        if (spec.startAt() != null) {
            b.add("startAt", spec.startAt().toString());
        }
        if (spec.endAt() != null) {
            b.add("endAt", spec.endAt().toString());
        }
        if (spec.maxRuns() != null) {
            b.add("maxRuns", spec.maxRuns());
        }
        b.add("onRepeatedTime", spec.onRepeatedTime().name());
        b.add("onSkippedTime", spec.onSkippedTime().name());
        b.add("overlap", policy.overlap().name());
        b.add("maxConcurrent", policy.maxConcurrent());
        b.add(
                "misfire",
                Jsons.object()
                        .add("graceSeconds", policy.graceSeconds())
                        .add("policy", policy.misfire().name())
                        .add("maxCatchup", policy.maxCatchup())
                        .add("catchupWindow", policy.catchupWindow().toString()));
        if (datasetId != null) {
            b.add("datasetId", datasetId);
        } else {
            b.add("parameters", parameters);
        }
        b.add("version", versionNumber() == null ? Jsons.string(version) : Jsons.number(versionNumber()));
        b.add("enabled", enabled);
        if (pauseAfterFailures != null) {
            b.add("pauseAfterFailures", pauseAfterFailures);
        }
        return b.build();
    }

    public ScheduleDefinition withEnabled(boolean value) {
        return new ScheduleDefinition(name, spec, policy, parameters, datasetId, version, value, pauseAfterFailures);
    }

    private static String name(String name) {
        return name == null || name.isBlank() ? "schedule" : name.strip();
    }

    private static String version(JsonValue v) {
        if (JsonFields.isAbsent(v)) {
            return null;
        }
        if (v instanceof JsonString s && s.getString().equals("published")) {
            return "published";
        }
        try {
            int n = v instanceof JsonNumber number
                    ? number.intValueExact()
                    : Integer.parseInt(((JsonString) v).getString());
            if (n >= 1) {
                return Integer.toString(n);
            }
        } catch (RuntimeException e) {
            // a wrong type or format: the error below
        }
        throw WorkflowException.validation("version", "must be \"published\" or a version number");
    }

    private static Duration duration(JsonObject o, String field) {
        String value = JsonFields.string(o, field, false, 40);
        if (value == null) {
            return null;
        }
        try {
            return Duration.parse(value);
        } catch (DateTimeParseException e) {
            throw WorkflowException.validation(field, "'" + value + "' is not an ISO-8601 duration such as PT15M");
        }
    }

    private static <E extends Enum<E>> E choice(JsonObject o, String field, Class<E> type) {
        String value = JsonFields.string(o, field, false, 40);
        if (value == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw WorkflowException.validation(
                    field,
                    "'" + value + "' is not one of "
                            + Arrays.stream(type.getEnumConstants())
                                    .map(Enum::name)
                                    .toList());
        }
    }
}
