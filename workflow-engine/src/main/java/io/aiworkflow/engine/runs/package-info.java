/** Starting, following and canceling runs: the bridge between the API and the executor. */
package io.aiworkflow.engine.runs;
