/** Tickets for authenticating WebSocket handshakes. */
package io.aiworkflow.web.api.ws;
