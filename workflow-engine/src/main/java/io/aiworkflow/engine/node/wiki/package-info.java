/** The Wiki node: knowledge-base search. */
package io.aiworkflow.engine.node.wiki;
