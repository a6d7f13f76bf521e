/** Registries over REST: LLM models and HTTP plugins. Secrets are write-only. */
package io.aiworkflow.web.api.registry;
