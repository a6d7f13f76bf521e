/** Liveness and readiness endpoints. */
package io.aiworkflow.web.health;
