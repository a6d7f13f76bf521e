/** Apps and their workflow designs and published versions. */
package io.aiworkflow.domain.model.app;
