package io.aiworkflow.engine.audit;

import jakarta.enterprise.context.RequestScoped;

/**
 * The address of the client whose request is being served, as the web layer saw it. The audit log
 * reads it, so services need not pass it along with every call.
 */
@RequestScoped
public class ClientAddress {

    private String value;

    public String get() {
        return value;
    }

    public void set(String value) {
        this.value = value;
    }
}
