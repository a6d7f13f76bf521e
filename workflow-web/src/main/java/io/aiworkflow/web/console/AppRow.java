package io.aiworkflow.web.console;

import io.aiworkflow.domain.model.app.AppType;
import io.aiworkflow.engine.apps.AppViews.AppSummary;

import java.io.Serializable;
import java.time.OffsetDateTime;

/**
 * One app as the console shows it. A JavaBean rather than the engine's record because Jakarta EL 5
 * (EE 10) cannot read record components as properties, and tables sort and filter by property name.
 */
public class AppRow implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String appId;
    private final String name;
    private final String description;
    private final int appType;
    private final boolean disabled;
    private final boolean published;
    private final Integer version;
    private final OffsetDateTime createTime;
    private final OffsetDateTime updateTime;

    public AppRow(AppSummary s) {
        this.appId = s.appId();
        this.name = s.name();
        this.description = s.description();
        this.appType = s.appType();
        this.disabled = s.isDisabled();
        this.published = s.isPublish();
        this.version = s.version();
        this.createTime = s.createTime();
        this.updateTime = s.updateTime();
    }

    public String getAppId() {
        return appId;
    }

    public String getName() {
        return name;
    }

    public String getDescription() {
        return description;
    }

    public int getAppType() {
        return appType;
    }

    public String getAppTypeName() {
        return AppType.of(appType).name();
    }

    public boolean isWorkflow() {
        return appType == AppType.Workflow.code();
    }

    public boolean isDisabled() {
        return disabled;
    }

    public boolean isPublished() {
        return published;
    }

    public Integer getVersion() {
        return version;
    }

    public OffsetDateTime getCreateTime() {
        return createTime;
    }

    public OffsetDateTime getUpdateTime() {
        return updateTime;
    }

    public String getCreated() {
        return ConsoleTimes.format(createTime);
    }

    public String getUpdated() {
        return ConsoleTimes.format(updateTime);
    }
}
