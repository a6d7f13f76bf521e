/** Node definitions the designer queries: fields, icons and colours of each node type. */
package io.aiworkflow.engine.nodedefine;
