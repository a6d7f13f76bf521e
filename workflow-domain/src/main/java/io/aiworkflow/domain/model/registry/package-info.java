/** Registries of the things nodes call: LLM models and HTTP plugins. */
package io.aiworkflow.domain.model.registry;
