/** The node SPI: one {@link NodeBehavior} per node type, its inputs, context and outputs, and the registry that finds them. */
package io.aiworkflow.engine.node;
