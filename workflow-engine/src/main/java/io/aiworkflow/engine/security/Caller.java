package io.aiworkflow.engine.security;

import io.aiworkflow.domain.model.security.Role;

import java.io.Serializable;

/**
 * Who is calling: a console user or an API key, with the team and role it acts in.
 *
 * Serializable: the console keeps it in the HTTP session, which may be persisted or replicated.
 *
 * @param userId the user's id, or null for an API key
 * @param name   the username, or {@code key:<name>} for an API key
 */
public record Caller(Long userId, String name, Long teamId, Role role) implements Serializable {}
