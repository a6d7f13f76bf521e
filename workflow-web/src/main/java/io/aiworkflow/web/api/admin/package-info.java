/** Administration over REST: teams, users, API keys. */
package io.aiworkflow.web.api.admin;
