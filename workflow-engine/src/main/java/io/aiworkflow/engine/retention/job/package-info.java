/** The batch artifacts of the history retention job: expired runs in, deleted in chunks. */
package io.aiworkflow.engine.retention.job;
