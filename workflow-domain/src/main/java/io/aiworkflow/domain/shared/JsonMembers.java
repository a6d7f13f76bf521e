package io.aiworkflow.domain.shared;

import jakarta.json.JsonValue;

/**
 * Writes one JSON object as text, member by member in the order given, for the hot paths that
 * would otherwise build a {@code JsonObject} only to write it out (a run's answer, trace frames).
 * Values are written as {@link Jsons#appendTo} writes them. Member names are the caller's own
 * constants and are written as they are: plain ASCII, no quotes or backslashes.
 */
public final class JsonMembers {

    private final StringBuilder out;
    private final boolean omitNulls;
    private boolean any;

    private JsonMembers(StringBuilder out, boolean omitNulls) {
        this.out = out;
        this.omitNulls = omitNulls;
        out.append('{');
    }

    /** An object whose absent values are written as {@code null}. */
    public static JsonMembers open(StringBuilder out) {
        return new JsonMembers(out, false);
    }

    /** An object that leaves members with absent values out, as JSON-B writes records. */
    public static JsonMembers openOmittingNulls(StringBuilder out) {
        return new JsonMembers(out, true);
    }

    /** Starts a member: the text its value is to be appended to. */
    public StringBuilder name(String name) {
        if (any) {
            out.append(',');
        }
        any = true;
        return out.append('"').append(name).append("\":");
    }

    public JsonMembers string(String name, String value) {
        if (value != null) {
            Jsons.appendString(value, name(name));
        } else if (!omitNulls) {
            name(name).append("null");
        }
        return this;
    }

    public JsonMembers number(String name, long value) {
        name(name).append(value);
        return this;
    }

    public JsonMembers number(String name, Long value) {
        if (value != null) {
            return number(name, value.longValue());
        }
        if (!omitNulls) {
            name(name).append("null");
        }
        return this;
    }

    public JsonMembers value(String name, JsonValue value) {
        if (value != null) {
            Jsons.appendTo(value, name(name));
        } else if (!omitNulls) {
            name(name).append("null");
        }
        return this;
    }

    /** Ends the object. */
    public void close() {
        out.append('}');
    }
}
