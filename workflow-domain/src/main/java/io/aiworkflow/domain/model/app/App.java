package io.aiworkflow.domain.model.app;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.UUID;

/** The REST API's {@code AppEntity}: name, description, avatar and team of an app. Soft-deleted. */
@Entity
@Table(name = "app")
public class App {

    @Id
    private String id;

    @Column(name = "team_id", nullable = false)
    private Long teamId;

    @Column(nullable = false)
    private String name;

    private String description;

    private String avatar;

    @Column(name = "app_type", nullable = false)
    private int appType;

    @Column(name = "classify_id")
    private Long classifyId;

    @Column(nullable = false)
    private boolean disabled;

    @Column(nullable = false)
    private boolean deleted;

    @Column(name = "trace_level", nullable = false)
    private String traceLevel = "full";

    @Column(name = "created_at", nullable = false)
    private OffsetDateTime createdAt;

    @Column(name = "updated_at", nullable = false)
    private OffsetDateTime updatedAt;

    protected App() {}

    public App(
            Long teamId,
            String name,
            String description,
            String avatar,
            AppType appType,
            Long classifyId,
            OffsetDateTime now) {
        this.id = UUID.randomUUID().toString();
        this.teamId = teamId;
        this.name = name;
        this.description = description;
        this.avatar = avatar;
        this.appType = appType.code();
        this.classifyId = classifyId;
        this.createdAt = now;
        this.updatedAt = now;
    }

    /** Its design changed (a draft saved, a version published): the app counts as updated. */
    public void touch(OffsetDateTime now) {
        this.updatedAt = now;
    }

    public void rename(String name, OffsetDateTime now) {
        this.name = name;
        this.updatedAt = now;
    }

    public void describe(String description, OffsetDateTime now) {
        this.description = description;
        this.updatedAt = now;
    }

    public void changeAvatar(String avatar, OffsetDateTime now) {
        this.avatar = avatar;
        this.updatedAt = now;
    }

    public void setDisabled(boolean disabled, OffsetDateTime now) {
        this.disabled = disabled;
        this.updatedAt = now;
    }

    /** none, steps or full (see the engine's TraceLevel); checked by the caller. */
    public void setTraceLevel(String traceLevel, OffsetDateTime now) {
        this.traceLevel = traceLevel;
        this.updatedAt = now;
    }

    public void markDeleted(OffsetDateTime now) {
        this.deleted = true;
        this.updatedAt = now;
    }

    public String getId() {
        return id;
    }

    public Long getTeamId() {
        return teamId;
    }

    public String getName() {
        return name;
    }

    public String getDescription() {
        return description;
    }

    public String getAvatar() {
        return avatar;
    }

    public AppType getAppType() {
        return AppType.of(appType);
    }

    public Long getClassifyId() {
        return classifyId;
    }

    public boolean isDisabled() {
        return disabled;
    }

    public boolean isDeleted() {
        return deleted;
    }

    public String getTraceLevel() {
        return traceLevel;
    }

    public OffsetDateTime getCreatedAt() {
        return createdAt;
    }

    public OffsetDateTime getUpdatedAt() {
        return updatedAt;
    }
}
