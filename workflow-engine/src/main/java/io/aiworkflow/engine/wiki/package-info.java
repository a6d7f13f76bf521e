/** Knowledge bases: chunking, in-process embeddings, storage in PostgreSQL and similarity search. */
package io.aiworkflow.engine.wiki;
