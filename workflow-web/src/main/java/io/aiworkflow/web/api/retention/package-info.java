/** History retention over HTTP: an app's policy, and the passes of the retention job. */
package io.aiworkflow.web.api.retention;
