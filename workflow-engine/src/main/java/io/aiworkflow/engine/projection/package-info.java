/** What the database-writing projections share: lanes, batching, group commit, retries. */
package io.aiworkflow.engine.projection;
