/**
 * Draws a function design as inline SVG on the server: nodes in layers by their longest path from
 * Start, coloured by node type (for a run, also classed by each node's status), connections as
 * labelled arrows. Pure code, no Faces or CDI.
 */
package io.aiworkflow.web.console.graph;
