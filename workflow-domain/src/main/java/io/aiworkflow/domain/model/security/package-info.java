/** Teams, users, API keys and roles. */
package io.aiworkflow.domain.model.security;
