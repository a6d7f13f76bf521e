/** What the web layer tells the audit log about a request: the client's address. */
package io.aiworkflow.web.audit;
