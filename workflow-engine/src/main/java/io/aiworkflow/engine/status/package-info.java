/** The status report: per design node, its state in one run, from the history. */
package io.aiworkflow.engine.status;
