/**
 * The admin console (PrimeFaces, under {@code /console/}): login, apps, an app's definitions,
 * publishing and run form, runs (filtered list, live run page), API keys. Backing beans talk to the
 * engine's facades and hold only small, serializable rows; the logged-in {@code Caller} lives in
 * the HTTP session, shared with the API.
 */
package io.aiworkflow.web.console;
