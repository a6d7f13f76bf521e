/** Bulk operations: one action over many runs, their states and their items' states. */
package io.aiworkflow.domain.model.bulk;
