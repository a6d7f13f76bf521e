package io.aiworkflow.engine.audit;

import java.time.Instant;

/**
 * A search of the audit log; null fields select everything.
 *
 * @param action an action ({@code app.publish}) or a family ({@code app} selects every {@code app.*})
 * @param actor  a username or {@code key:<name>}, exactly
 * @param target what was acted on ({@code run:…}), exactly
 * @param from   entries at or after this instant
 * @param to     entries before this instant
 */
public record AuditQuery(String action, String actor, String target, Instant from, Instant to) {

    public static AuditQuery all() {
        return new AuditQuery(null, null, null, null, null);
    }
}
