package io.aiworkflow.domain.model.registry;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/**
 * An HTTP plugin: method, URL and body templates with {@code {{field}}} holes, headers, declared
 * input fields (JSON) and an optional auth header whose secret is stored encrypted.
 */
@Entity
@Table(name = "plugin")
public class Plugin extends RegistryEntry {

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

    protected Plugin() {}

    public Plugin(Long teamId, OffsetDateTime now) {
        super(teamId, now);
    }

    public void configure(
            String name,
            String description,
            String method,
            String urlTemplate,
            String headersJson,
            String bodyTemplate,
            String authHeaderName,
            String inputFieldsJson,
            OffsetDateTime now) {
        this.name = name;
        this.description = description;
        this.method = method;
        this.urlTemplate = urlTemplate;
        this.headersJson = headersJson;
        this.bodyTemplate = bodyTemplate;
        this.authHeaderName = authHeaderName;
        this.inputFieldsJson = inputFieldsJson;
        touch(now);
    }

    public void setAuthSecretCipher(String authSecretCipher) {
        this.authSecretCipher = authSecretCipher;
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
}
