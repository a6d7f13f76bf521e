/** The Plugin node: HTTP calls to registered plugins, with templates over the node's inputs and an SSRF guard on every hop. */
package io.aiworkflow.engine.node.plugin;
