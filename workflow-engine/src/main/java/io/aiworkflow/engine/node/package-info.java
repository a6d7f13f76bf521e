/** The node SPI: one {@link io.aiworkflow.engine.node.NodeBehavior} per node type, its inputs, context and outputs, and the registry that finds them. */
package io.aiworkflow.engine.node;
