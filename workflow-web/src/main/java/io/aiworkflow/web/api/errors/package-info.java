/** How every failure reaches the client: the DESIGN.md §4.1 error JSON, never a stack trace. */
package io.aiworkflow.web.api.errors;
