/** REST resources for apps, workflow definitions and node definitions (seed 003). */
package io.aiworkflow.web.api.apps;
