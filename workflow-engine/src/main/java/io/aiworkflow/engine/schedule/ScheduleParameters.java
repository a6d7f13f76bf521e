package io.aiworkflow.engine.schedule;

import io.aiworkflow.domain.shared.Jsons;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * A firing's Start parameters: the schedule's parameters with {@code {{schedule.time}}} (the
 * scheduled time, ISO-8601 in the schedule's zone) and {@code {{schedule.id}}} replaced in every
 * string, however deep.
 */
public final class ScheduleParameters {

    private ScheduleParameters() {}

    public static JsonObject resolve(JsonObject parameters, String scheduleId, Instant at, ZoneId zone) {
        return (JsonObject) resolve(parameters, scheduleId, local(at, zone));
    }

    /** The scheduled time as a person in the schedule's zone reads it, with its offset. */
    public static String local(Instant at, ZoneId zone) {
        return at.atZone(zone).toOffsetDateTime().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    private static JsonValue resolve(JsonValue value, String id, String time) {
        if (value instanceof JsonString s) {
            String text = s.getString();
            return text.contains("{{")
                    ? Jsons.string(text.replace("{{schedule.time}}", time).replace("{{schedule.id}}", id))
                    : s;
        }
        if (value instanceof JsonObject o) {
            JsonObjectBuilder b = Jsons.object();
            o.forEach((k, v) -> b.add(k, resolve(v, id, time)));
            return b.build();
        }
        if (value instanceof JsonArray a) {
            JsonArrayBuilder b = Jsons.array();
            a.forEach(v -> b.add(resolve(v, id, time)));
            return b.build();
        }
        return value;
    }
}
