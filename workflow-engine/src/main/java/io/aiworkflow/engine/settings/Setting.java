package io.aiworkflow.engine.settings;

/**
 * Every setting the application reads inside the server, with its default (null: none, or worked
 * out from another setting). Each is named as its environment variable; through MicroProfile Config
 * it may also come from a system property or a {@code microprofile-config.properties}. README's
 * configuration table lists exactly these and the launcher's settings (a test holds them together).
 */
public enum Setting {
    NODE_THREADS("WORKFLOW_NODE_THREADS", "64"),
    /** default: three quarters of {@link #NODE_THREADS} */
    TEAM_NODE_THREADS("WORKFLOW_TEAM_NODE_THREADS", null),
    HISTORY_WRITERS("WORKFLOW_HISTORY_WRITERS", "2"),
    PROJECTION_QUEUE("WORKFLOW_PROJECTION_QUEUE", "20000"),
    SECRET_KEY("WORKFLOW_SECRET_KEY", null),
    DEV_MODE("WORKFLOW_DEV_MODE", null),
    ADMIN_USER("WORKFLOW_ADMIN_USER", "admin"),
    /** default: a generated password, printed once */
    ADMIN_PASSWORD("WORKFLOW_ADMIN_PASSWORD", null),
    BOOTSTRAP_API_KEY("WORKFLOW_BOOTSTRAP_API_KEY", null),
    PLUGIN_ALLOWED_HOSTS("WORKFLOW_PLUGIN_ALLOWED_HOSTS", null),
    SECURE_COOKIES("WORKFLOW_SECURE_COOKIES", null),
    /** origins (scheme://host[:port], comma-separated) whose workflow editors may call the task API */
    EDITOR_ORIGINS("WORKFLOW_EDITOR_ORIGINS", null),
    BULK_MAX_ITEMS("WORKFLOW_BULK_MAX_ITEMS", "100000"),
    BULK_RUNNING_PER_TEAM("WORKFLOW_BULK_RUNNING_PER_TEAM", "2"),
    BULK_PAUSE_FAILURE_PERCENT("WORKFLOW_BULK_PAUSE_FAILURE_PERCENT", "20"),
    BULK_PAUSE_MIN_ENDED("WORKFLOW_BULK_PAUSE_MIN_ENDED", "20"),
    BULK_PAUSE_FAILURES_IN_A_ROW("WORKFLOW_BULK_PAUSE_FAILURES_IN_A_ROW", "10"),
    /** the most schedules one team may have (each may fire every second: a bound on the tick's work) */
    SCHEDULES_PER_TEAM("WORKFLOW_SCHEDULES_PER_TEAM", "20000"),
    /** platform default: keep runs for this many days (apps may set their own); unset: no limit */
    RETENTION_DAYS("WORKFLOW_RETENTION_DAYS", null),
    /** platform default: keep at most this many runs per app; unset: no limit */
    RETENTION_RUNS("WORKFLOW_RETENTION_RUNS", null),
    /** when the nightly retention pass starts, HH:MM in UTC */
    RETENTION_TIME("WORKFLOW_RETENTION_TIME", "03:00");

    private final String key;
    private final String defaultValue;

    Setting(String key, String defaultValue) {
        this.key = key;
        this.defaultValue = defaultValue;
    }

    /** The environment variable (and config property) that sets it. */
    public String key() {
        return key;
    }

    public String defaultValue() {
        return defaultValue;
    }
}
