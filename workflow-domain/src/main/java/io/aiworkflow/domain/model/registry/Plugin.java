package io.aiworkflow.domain.model.registry;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/**
 * An HTTP plugin: method, URL and body templates with {@code {{field}}} holes, headers, declared
 * input fields (JSON) and an optional auth header whose secret is stored encrypted.
 */
@Entity
@Table(name = "plugin")
public class Plugin {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "team_id", nullable = false)
    private Long teamId;

    @Column(nullable = false)
    private String name;

    private String description;

    @Column(nullable = false)
    private String method;

    @Column(name = "url_template", nullable = false)
    private String urlTemplate;

    @Column(name = "headers_json")
    private String headersJson;

    @Column(name = "body_template")
    private String bodyTemplate;

    @Column(name = "auth_header_name")
    private String authHeaderName;

    @Column(name = "auth_secret_cipher")
    private String authSecretCipher;

    @Column(name = "input_fields_json")
    private String inputFieldsJson;

    @Column(name = "created_at", nullable = false)
    private OffsetDateTime createdAt;

    @Column(name = "updated_at", nullable = false)
    private OffsetDateTime updatedAt;

    protected Plugin() {
    }

    public Plugin(Long teamId, OffsetDateTime now) {
        this.teamId = teamId;
        this.createdAt = now;
        this.updatedAt = now;
    }

    public void configure(String name, String description, String method, String urlTemplate, String headersJson,
                          String bodyTemplate, String authHeaderName, String inputFieldsJson, OffsetDateTime now) {
        this.name = name;
        this.description = description;
        this.method = method;
        this.urlTemplate = urlTemplate;
        this.headersJson = headersJson;
        this.bodyTemplate = bodyTemplate;
        this.authHeaderName = authHeaderName;
        this.inputFieldsJson = inputFieldsJson;
        this.updatedAt = now;
    }

    public void setAuthSecretCipher(String authSecretCipher) {
        this.authSecretCipher = authSecretCipher;
    }

    public Long getId() {
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

    public String getMethod() {
        return method;
    }

    public String getUrlTemplate() {
        return urlTemplate;
    }

    public String getHeadersJson() {
        return headersJson;
    }

    public String getBodyTemplate() {
        return bodyTemplate;
    }

    public String getAuthHeaderName() {
        return authHeaderName;
    }

    public String getAuthSecretCipher() {
        return authSecretCipher;
    }

    public String getInputFieldsJson() {
        return inputFieldsJson;
    }

    public OffsetDateTime getCreatedAt() {
        return createdAt;
    }

    public OffsetDateTime getUpdatedAt() {
        return updatedAt;
    }
}
