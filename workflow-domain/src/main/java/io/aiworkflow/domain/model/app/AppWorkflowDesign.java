package io.aiworkflow.domain.model.app;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * The REST API's {@code AppWorkflowDesignEntity}: the draft and published UiDesign and FunctionDesign of
 * a Workflow app, kept as the JSON text the designer sent (the UiDesign is opaque to the engine).
 */
@Entity
@Table(name = "app_workflow_design")
public class AppWorkflowDesign {

    @Id
    private String id;

    @Column(name = "app_id", nullable = false, unique = true)
    private String appId;

    @Column(name = "ui_design_draft")
    private String uiDesignDraft;

    @Column(name = "function_design_draft")
    private String functionDesignDraft;

    @Column(name = "ui_design")
    private String uiDesign;

    @Column(name = "function_design")
    private String functionDesign;

    @Column(name = "is_publish", nullable = false)
    private boolean publish;

    @Column(name = "published_version")
    private Integer publishedVersion;

    @Column(name = "published_at")
    private OffsetDateTime publishedAt;

    @Column(nullable = false)
    private boolean deleted;

    @Column(name = "created_at", nullable = false)
    private OffsetDateTime createdAt;

    @Column(name = "updated_at", nullable = false)
    private OffsetDateTime updatedAt;

    protected AppWorkflowDesign() {}

    public AppWorkflowDesign(String appId, OffsetDateTime now) {
        this.id = UUID.randomUUID().toString();
        this.appId = appId;
        this.createdAt = now;
        this.updatedAt = now;
    }

    public void updateDraft(String uiDesignDraft, String functionDesignDraft, OffsetDateTime now) {
        if (uiDesignDraft != null) {
            this.uiDesignDraft = uiDesignDraft;
        }
        if (functionDesignDraft != null) {
            this.functionDesignDraft = functionDesignDraft;
        }
        this.updatedAt = now;
    }

    /** Copies the draft to the published fields as version {@code version}. */
    public void publish(int version, OffsetDateTime now) {
        this.uiDesign = uiDesignDraft;
        this.functionDesign = functionDesignDraft;
        this.publish = true;
        this.publishedVersion = version;
        this.publishedAt = now;
        this.updatedAt = now;
    }

    public void markDeleted(OffsetDateTime now) {
        this.deleted = true;
        this.updatedAt = now;
    }

    public int nextVersion() {
        return publishedVersion == null ? 1 : publishedVersion + 1;
    }

    public String getId() {
        return id;
    }

    public String getAppId() {
        return appId;
    }

    public String getUiDesignDraft() {
        return uiDesignDraft;
    }

    public String getFunctionDesignDraft() {
        return functionDesignDraft;
    }

    public String getUiDesign() {
        return uiDesign;
    }

    public String getFunctionDesign() {
        return functionDesign;
    }

    public boolean isPublish() {
        return publish;
    }

    public Integer getPublishedVersion() {
        return publishedVersion;
    }

    public OffsetDateTime getPublishedAt() {
        return publishedAt;
    }

    public boolean isDeleted() {
        return deleted;
    }

    public OffsetDateTime getCreatedAt() {
        return createdAt;
    }

    public OffsetDateTime getUpdatedAt() {
        return updatedAt;
    }
}
