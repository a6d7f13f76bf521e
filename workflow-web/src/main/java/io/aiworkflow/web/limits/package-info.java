/** Limits on what a request may carry. */
package io.aiworkflow.web.limits;
