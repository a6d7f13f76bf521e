/** Starts the platform: an embedded real PostgreSQL, then Payara Micro with the WAR, as one foreground command. */
package io.aiworkflow.launcher;
