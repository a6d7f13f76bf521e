/** REST resources for apps, workflow definitions and node definitions. */
package io.aiworkflow.web.api.apps;
