package io.aiworkflow.engine.audit;

import java.util.Arrays;
import java.util.Optional;

/** What an audit entry records; its name is dotted, the object first, so a prefix selects a family. */
public enum AuditAction {
    LOGIN("login"),
    LOGIN_FAILED("login.failed"),
    LOGOUT("logout"),
    APP_CREATE("app.create"),
    APP_PUBLISH("app.publish"),
    APP_DISABLE("app.disable"),
    APP_ENABLE("app.enable"),
    APP_DELETE("app.delete"),
    RUN_APPROVE("run.approve"),
    RUN_REJECT("run.reject"),
    RUN_CANCEL("run.cancel"),
    RUN_REPLAY("run.replay"),
    RUN_RETRY("run.retry"),
    TEAM_CREATE("team.create"),
    USER_CREATE("user.create"),
    USER_DISABLE("user.disable"),
    USER_ENABLE("user.enable"),
    USER_ROLE("user.role"),
    USER_RESET_PASSWORD("user.reset-password"),
    USER_CHANGE_OWN_PASSWORD("user.change-own-password"),
    API_KEY_CREATE("api-key.create"),
    API_KEY_REVOKE("api-key.revoke"),
    REGISTRY_CREATE("registry.create"),
    REGISTRY_UPDATE("registry.update"),
    REGISTRY_DELETE("registry.delete"),
    BULK_CREATE("bulk.create"),
    BULK_PAUSE("bulk.pause"),
    BULK_RESUME("bulk.resume"),
    BULK_CANCEL("bulk.cancel"),
    BULK_RETRY_FAILED("bulk.retry-failed"),
    BULK_PACE("bulk.pace"),
    SCHEDULE_CREATE("schedule.create"),
    SCHEDULE_UPDATE("schedule.update"),
    SCHEDULE_DELETE("schedule.delete"),
    SCHEDULE_PAUSE("schedule.pause"),
    SCHEDULE_RESUME("schedule.resume"),
    SCHEDULE_RUN_NOW("schedule.run-now"),
    SCHEDULE_BACKFILL("schedule.backfill"),
    RETENTION_POLICY("retention.policy"),
    RETENTION_RUN("retention.run");

    private final String wireName;

    AuditAction(String wireName) {
        this.wireName = wireName;
    }

    /** The name stored, shown and filtered on, e.g. {@code app.publish}. */
    public String wireName() {
        return wireName;
    }

    public static Optional<AuditAction> parse(String wireName) {
        return Arrays.stream(values()).filter(a -> a.wireName.equals(wireName)).findFirst();
    }
}
