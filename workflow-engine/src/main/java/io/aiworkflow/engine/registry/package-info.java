/** The registries behind the engine catalogs: models, plugins, published workflows; secrets encrypted at rest. */
package io.aiworkflow.engine.registry;
