/** The datasets API: upload (CSV, JSON Lines, JSON array) with a row-level check, list, read rows. */
package io.aiworkflow.web.api.datasets;
