package io.aiworkflow.domain.model.security;

import java.util.Optional;

/** What a user or API key may do: admin everything, editor design/publish/run in its team, viewer read. */
public enum Role {
    admin,
    editor,
    viewer;

    public boolean canWrite() {
        return this != viewer;
    }

    public boolean isAdmin() {
        return this == admin;
    }

    public static Optional<Role> parse(String name) {
        for (Role role : values()) {
            if (role.name().equals(name)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
