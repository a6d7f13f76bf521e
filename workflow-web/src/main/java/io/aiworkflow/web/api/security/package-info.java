/** Authentication of API calls: bearer keys, access tokens and console sessions. */
package io.aiworkflow.web.api.security;
