/** Schedules of an app: their definitions, firings, preview and backfill. */
package io.aiworkflow.web.api.schedules;
