package io.aiworkflow.web.console;

import io.aiworkflow.engine.security.AdminService.ApiKeyView;

import java.io.Serializable;

/** One API key as listed: never its value, which only exists at creation. */
public class KeyRow implements Serializable {

    private static final long serialVersionUID = 1L;

    private final long id;
    private final String name;
    private final String prefix;
    private final String role;
    private final long teamId;
    private final String createdBy;
    private final String created;
    private final String revoked;

    KeyRow(ApiKeyView k) {
        this.id = k.id();
        this.name = k.name();
        this.prefix = k.prefix();
        this.role = k.role().name();
        this.teamId = k.teamId();
        this.createdBy = k.createdBy();
        this.created = ConsoleTimes.format(k.createTime());
        this.revoked = ConsoleTimes.format(k.revokeTime());
    }

    public long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public String getPrefix() {
        return prefix;
    }

    public String getRole() {
        return role;
    }

    public long getTeamId() {
        return teamId;
    }

    public String getCreatedBy() {
        return createdBy;
    }

    public String getCreated() {
        return created;
    }

    public String getRevoked() {
        return revoked;
    }

    public boolean isActive() {
        return revoked.isEmpty();
    }
}
