/**
 * The audit log: an entry per sign-in (and failed one) and per change a person or API key made
 * to apps, runs, people, keys, registries, bulk operations and schedules, with the client's
 * address. Admins search and export it; the run page reads who answered or canceled a run from it.
 */
package io.aiworkflow.engine.audit;
