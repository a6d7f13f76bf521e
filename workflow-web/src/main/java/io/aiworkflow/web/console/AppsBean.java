package io.aiworkflow.web.console;

import io.aiworkflow.domain.model.app.AppType;
import io.aiworkflow.engine.apps.AppService;
import io.aiworkflow.engine.apps.AppViews.AppSummary;
import io.aiworkflow.engine.apps.AppViews.NewApp;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.io.Serializable;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** The apps page: the lazy table, the create dialog, and disable/enable/delete per row. */
@Named
@ViewScoped
public class AppsBean implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    private AppLazyModel model;

    @Inject
    private AppService apps;

    @Inject
    private ConsoleUser user;

    private String name;
    private String description;
    private int appType = AppType.Workflow.code();

    public void create() {
        try {
            AppSummary app = apps.create(user.caller(), new NewApp(name, description, null, appType, null, null));
            ConsoleMessages.info("Created app '" + app.name() + "'");
            name = null;
            description = null;
            appType = AppType.Workflow.code();
        } catch (RuntimeException e) {
            ConsoleMessages.failure(e);
        }
    }

    public void setDisabled(AppRow row, boolean disabled) {
        try {
            apps.setDisabled(user.caller(), row.getAppId(), disabled);
            ConsoleMessages.info((disabled ? "Disabled" : "Enabled") + " app '" + row.getName() + "'");
        } catch (RuntimeException e) {
            ConsoleMessages.failure(e);
        }
    }

    public void delete(AppRow row) {
        try {
            apps.delete(user.caller(), row.getAppId());
            ConsoleMessages.info("Deleted app '" + row.getName() + "'");
        } catch (RuntimeException e) {
            ConsoleMessages.failure(e);
        }
    }

    /** Label to code, for the create dialog and the type filter. */
    public Map<String, Integer> getAppTypes() {
        Map<String, Integer> types = new LinkedHashMap<>();
        Arrays.stream(AppType.values()).forEach(t -> types.put(t.name(), t.code()));
        return types;
    }

    public AppLazyModel getModel() {
        return model;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getDescription() {
        return description;
    }

    public void setDescription(String description) {
        this.description = description;
    }

    public int getAppType() {
        return appType;
    }

    public void setAppType(int appType) {
        this.appType = appType;
    }
}
