/** The built-in control and data node types: Start, End, Condition, ForEach, Fork, DataProcess, SubWorkflow. */
package io.aiworkflow.engine.node.builtin;
