package io.aiworkflow.launcher;

import java.util.Map;

/**
 * Every setting the launcher reads, named as its environment variable, with its default (null: none,
 * or a path under the project directory). The application's own settings are listed apart, in the
 * engine; README's configuration table lists both.
 */
public enum LaunchSetting {
    HTTP_PORT("WORKFLOW_HTTP_PORT", "8080"),
    DATA_DIR("WORKFLOW_DATA_DIR", null),
    DB_URL("WORKFLOW_DB_URL", null),
    DB_USER("WORKFLOW_DB_USER", "postgres"),
    DB_PASSWORD("WORKFLOW_DB_PASSWORD", "postgres"),
    DB_PORT("WORKFLOW_DB_PORT", "54329"),
    JAVA_OPTS("WORKFLOW_JAVA_OPTS", "-Xmx1g"),
    WAR("WORKFLOW_WAR", null),
    RUNTIME_DIR("WORKFLOW_RUNTIME_DIR", null);

    private final String key;
    private final String defaultValue;

    LaunchSetting(String key, String defaultValue) {
        this.key = key;
        this.defaultValue = defaultValue;
    }

    public String key() {
        return key;
    }

    public String defaultValue() {
        return defaultValue;
    }

    /** Its value in {@code env}, else {@code otherwise}; blank counts as unset. */
    String in(Map<String, String> env, String otherwise) {
        String value = env.get(key);
        return value == null || value.isBlank() ? otherwise : value;
    }

    String in(Map<String, String> env) {
        return in(env, defaultValue);
    }

    int intIn(Map<String, String> env) {
        String value = in(env);
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, not '" + value + "'");
        }
    }
}
