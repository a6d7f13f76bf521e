/** The status report (DESIGN.md §4.4, seed 001): per design node, its state in one run, from the history. */
package io.aiworkflow.engine.status;
