/** Apps and their workflow designs and published versions (seed 003). */
package io.aiworkflow.domain.model.app;
