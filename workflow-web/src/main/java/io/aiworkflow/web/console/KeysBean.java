package io.aiworkflow.web.console;

import io.aiworkflow.domain.model.security.Role;
import io.aiworkflow.engine.security.AdminService;
import io.aiworkflow.engine.security.AdminService.CreatedApiKey;
import io.aiworkflow.engine.security.AdminService.TeamView;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * API keys for admins: list, create, revoke. A new key's value is held only until the admin closes
 * the dialog showing it; the platform stores a hash and can never show it again.
 */
@Named
@ViewScoped
public class KeysBean implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    private AdminService admin;

    @Inject
    private ConsoleUser user;

    private List<KeyRow> keys;
    private String name;
    private String role = Role.editor.name();
    private Long teamId;
    private String createdValue;
    private String createdName;

    public List<KeyRow> getKeys() {
        if (keys == null) {
            try {
                keys = admin.apiKeys(user.caller()).stream().map(KeyRow::new).toList();
            } catch (RuntimeException e) {
                keys = List.of();
                ConsoleMessages.failure(e);
            }
        }
        return keys;
    }

    /** Team name to id, for the create form; an admin may issue keys for any team. */
    public Map<String, Long> getTeams() {
        Map<String, Long> teams = new LinkedHashMap<>();
        try {
            for (TeamView t : admin.teams(user.caller())) {
                teams.put(t.name() + " (#" + t.teamId() + ")", t.teamId());
            }
        } catch (RuntimeException e) {
            ConsoleMessages.failure(e);
        }
        return teams;
    }

    public List<String> getRoles() {
        return List.of(Role.admin.name(), Role.editor.name(), Role.viewer.name());
    }

    public void create() {
        try {
            CreatedApiKey created = admin.createApiKey(
                    user.caller(), name.trim(), teamId, Role.parse(role).orElse(Role.viewer));
            createdValue = created.value();
            createdName = created.key().name();
            name = null;
            keys = null;
        } catch (RuntimeException e) {
            ConsoleMessages.failure(e);
        }
    }

    public void revoke(KeyRow key) {
        try {
            admin.revokeApiKey(user.caller(), key.getId());
            ConsoleMessages.info("Revoked key '" + key.getName() + "' (" + key.getPrefix() + "…)");
            keys = null;
        } catch (RuntimeException e) {
            ConsoleMessages.failure(e);
        }
    }

    public void forgetCreated() {
        createdValue = null;
        createdName = null;
    }

    public String getCreatedValue() {
        return createdValue;
    }

    public String getCreatedName() {
        return createdName;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getRole() {
        return role;
    }

    public void setRole(String role) {
        this.role = role;
    }

    public Long getTeamId() {
        return teamId;
    }

    public void setTeamId(Long teamId) {
        this.teamId = teamId;
    }
}
