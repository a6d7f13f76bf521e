/** Getting messages to live clients (SSE streams, WebSocket watchers) without the engine ever waiting for one. */
package io.aiworkflow.web.delivery;
