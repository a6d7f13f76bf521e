/** How every failure reaches the client: the API's error JSON, never a stack trace. */
package io.aiworkflow.web.api.errors;
