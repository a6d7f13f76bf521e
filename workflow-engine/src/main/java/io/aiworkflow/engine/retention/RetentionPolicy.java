package io.aiworkflow.engine.retention;

import io.aiworkflow.domain.shared.WorkflowException;
import io.aiworkflow.engine.settings.Setting;
import io.aiworkflow.engine.settings.Settings;

/**
 * How long runs are kept: those started within the last {@code keepDays} days, and at most the
 * last {@code keepRuns} runs of an app. A run is deleted when either limit that is set puts it
 * out; with neither set, runs are kept for ever. Unfinished runs are never deleted.
 */
public record RetentionPolicy(Integer keepDays, Integer keepRuns) {

    public static final int MAX_DAYS = 36_500;
    public static final int MAX_RUNS = 100_000_000;

    /** No limit: every run is kept. */
    public static final RetentionPolicy KEEP_ALL = new RetentionPolicy(null, null);

    public RetentionPolicy {
        if (keepDays != null && (keepDays < 1 || keepDays > MAX_DAYS)) {
            throw WorkflowException.validation("keepDays", "must be between 1 and " + MAX_DAYS + ", or null");
        }
        if (keepRuns != null && (keepRuns < 1 || keepRuns > MAX_RUNS)) {
            throw WorkflowException.validation("keepRuns", "must be between 1 and " + MAX_RUNS + ", or null");
        }
    }

    public boolean keepsAll() {
        return keepDays == null && keepRuns == null;
    }

    /** In words, for people: "runs are kept for 30 days, the last 1000 at most", or "every run is kept". */
    public String describe() {
        if (keepsAll()) {
            return "every run is kept";
        }
        if (keepDays == null) {
            return "the last " + keepRuns + " runs are kept";
        }
        return "runs are kept for " + keepDays + " days"
                + (keepRuns == null ? "" : ", the last " + keepRuns + " at most");
    }

    /** The platform default, for apps without a policy of their own. */
    public static RetentionPolicy platformDefault(Settings settings) {
        return new RetentionPolicy(
                number(settings, Setting.RETENTION_DAYS, "keepDays"),
                number(settings, Setting.RETENTION_RUNS, "keepRuns"));
    }

    private static Integer number(Settings settings, Setting setting, String field) {
        String value = settings.get(setting).orElse(null);
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            throw WorkflowException.validation(field, setting.key() + " must be a whole number, not " + value);
        }
    }
}
