/** Authentication (API keys, passwords), the team and role policy, and administration of teams, users and keys. */
package io.aiworkflow.engine.security;
