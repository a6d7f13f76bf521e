package io.aiworkflow.web.console;

import io.aiworkflow.engine.retention.RetentionPolicy;
import io.aiworkflow.engine.retention.RetentionService;
import io.aiworkflow.engine.retention.RetentionService.AppRetention;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.io.Serializable;

/**
 * The app page's retention panel: how long the app's runs are kept, its own policy or the
 * platform default, which editors change or give back to the default.
 */
@Named
@ViewScoped
public class RetentionPanelBean implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    private ConsoleUser user;

    @Inject
    private RetentionService retention;

    private String appId;
    private AppRetention current;
    private Integer keepDays;
    private Integer keepRuns;

    /** Reads the app's policy (the app page's view action). */
    public void load(String appId) {
        this.appId = appId;
        current = ConsoleMessages.readOr(() -> retention.of(user.caller(), appId), null);
        showPolicy();
    }

    public void save() {
        try {
            current = retention.set(user.caller(), appId, new RetentionPolicy(keepDays, keepRuns));
            ConsoleMessages.info("Retention saved: " + current.policy().describe());
        } catch (RuntimeException e) {
            ConsoleMessages.failure(e);
        }
    }

    public void useDefault() {
        try {
            current = retention.clear(user.caller(), appId);
            showPolicy();
            ConsoleMessages.info(
                    "The app follows the platform default: " + current.policy().describe());
        } catch (RuntimeException e) {
            ConsoleMessages.failure(e);
        }
    }

    private void showPolicy() {
        keepDays = current == null ? null : current.policy().keepDays();
        keepRuns = current == null ? null : current.policy().keepRuns();
    }

    public boolean isLoaded() {
        return current != null;
    }

    public boolean isOwn() {
        return current != null && current.own();
    }

    public String getSummary() {
        return current == null
                ? ""
                : (current.own() ? "Own policy: " : "Platform default: ")
                        + current.policy().describe() + ".";
    }

    public Integer getKeepDays() {
        return keepDays;
    }

    public void setKeepDays(Integer keepDays) {
        this.keepDays = keepDays;
    }

    public Integer getKeepRuns() {
        return keepRuns;
    }

    public void setKeepRuns(Integer keepRuns) {
        this.keepRuns = keepRuns;
    }
}
