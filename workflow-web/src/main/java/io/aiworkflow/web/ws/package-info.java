/** WebSocket endpoints: the debug channel. */
package io.aiworkflow.web.ws;
