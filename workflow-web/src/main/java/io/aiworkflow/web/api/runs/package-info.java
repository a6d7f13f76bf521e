/** Executing workflows (SSE, wait, async) and reading their history. */
package io.aiworkflow.web.api.runs;
