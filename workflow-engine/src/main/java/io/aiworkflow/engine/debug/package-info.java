/** The debug-message projection behind the WebSocket debug channel (seed 000). */
package io.aiworkflow.engine.debug;
