/** The JavaScript node: user code run in a GraalJS sandbox without host access, I/O or threads, under time and statement limits. */
package io.aiworkflow.engine.node.script;
