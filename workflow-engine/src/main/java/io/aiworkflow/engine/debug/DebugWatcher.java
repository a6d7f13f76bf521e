package io.aiworkflow.engine.debug;

import jakarta.json.JsonObject;

import java.util.function.Consumer;

/** A debug-channel client: receives the messages of what it watches. Throwing unsubscribes it. */
public interface DebugWatcher extends Consumer<JsonObject> {

    /** The watched run left this server (another server holds it now): no message will follow. */
    default void runLeft(String instanceId) {}
}
