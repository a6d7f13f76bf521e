/** The app lifecycle and workflow definitions: drafts, publishing, versions. */
package io.aiworkflow.engine.apps;
