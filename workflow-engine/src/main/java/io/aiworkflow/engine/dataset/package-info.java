/**
 * Datasets: rows of Start parameters (CSV, JSON Lines or a JSON array), each checked before
 * anything is stored, kept as immutable versions, and run in bulk as a bulk operation.
 */
package io.aiworkflow.engine.dataset;
