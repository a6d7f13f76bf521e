/** The bulk operations API: dry runs, operations, their items, pace, pause, resume, cancel and progress events. */
package io.aiworkflow.web.api.bulk;
