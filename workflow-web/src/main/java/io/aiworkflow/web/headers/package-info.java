/** What every response tells the browser about framing, sniffing and referrers; the session cookie's flags. */
package io.aiworkflow.web.headers;
