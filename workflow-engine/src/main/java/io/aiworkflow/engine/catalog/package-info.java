/** What the engine needs to look up outside the run (plugins, models, published workflows): interfaces the container implements. */
package io.aiworkflow.engine.catalog;
