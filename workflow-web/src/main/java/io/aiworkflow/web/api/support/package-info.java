/** Helpers the resources share for reading request bodies. */
package io.aiworkflow.web.api.support;
