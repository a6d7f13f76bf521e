/** The debug-message projection behind the WebSocket debug channel. */
package io.aiworkflow.engine.debug;
