package io.aiworkflow.domain.model.app;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.UUID;

/** An immutable snapshot taken at publish; every execution records the version it ran. */
@Entity
@Table(name = "app_workflow_version")
public class AppWorkflowVersion {

    @Id
    private String id;

    @Column(name = "app_id", nullable = false, updatable = false)
    private String appId;

    @Column(nullable = false, updatable = false)
    private int version;

    @Column(name = "ui_design", updatable = false)
    private String uiDesign;

    @Column(name = "function_design", nullable = false, updatable = false)
    private String functionDesign;

    @Column(name = "published_at", nullable = false, updatable = false)
    private OffsetDateTime publishedAt;

    @Column(name = "published_by", updatable = false)
    private String publishedBy;

    protected AppWorkflowVersion() {}

    public AppWorkflowVersion(
            String appId,
            int version,
            String uiDesign,
            String functionDesign,
            OffsetDateTime publishedAt,
            String publishedBy) {
        this.id = UUID.randomUUID().toString();
        this.appId = appId;
        this.version = version;
        this.uiDesign = uiDesign;
        this.functionDesign = functionDesign;
        this.publishedAt = publishedAt;
        this.publishedBy = publishedBy;
    }

    public String getId() {
        return id;
    }

    public String getAppId() {
        return appId;
    }

    public int getVersion() {
        return version;
    }

    public String getUiDesign() {
        return uiDesign;
    }

    public String getFunctionDesign() {
        return functionDesign;
    }

    public OffsetDateTime getPublishedAt() {
        return publishedAt;
    }

    public String getPublishedBy() {
        return publishedBy;
    }
}
