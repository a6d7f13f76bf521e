package io.aiworkflow.engine.audit;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The address of the client whose request the current thread serves, as the web layer saw it. The
 * audit log reads it, so services need not pass it along with every call. Held per thread rather
 * than in a request-scoped bean: few requests are audited, and creating a bean for every request
 * took about 3 % of the API server's CPU samples in a profile of executions.
 */
@ApplicationScoped
public class ClientAddress {

    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    /** The address of the request being served on this thread; null outside one (timers, batch jobs). */
    public String get() {
        return CURRENT.get();
    }

    /** The current thread serves a request from {@code address}; {@link #clear} when it is done. */
    public void set(String address) {
        CURRENT.set(address);
    }

    /** The current thread's request is served: a pooled thread must not hand its address on. */
    public void clear() {
        CURRENT.remove();
    }
}
