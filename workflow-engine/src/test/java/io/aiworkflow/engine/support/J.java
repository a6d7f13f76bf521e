package io.aiworkflow.engine.support;

import io.aiworkflow.domain.shared.Jsons;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/** JSON literals for tests, written with single quotes: {@code J.obj("{'a':1}")}. */
public final class J {
    private J() {}

    public static JsonValue json(String text) {
        return Jsons.parse(text.replace('\'', '"'));
    }

    public static JsonObject obj(String text) {
        return (JsonObject) json(text);
    }
}
