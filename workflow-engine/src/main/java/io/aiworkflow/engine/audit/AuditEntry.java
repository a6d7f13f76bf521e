package io.aiworkflow.engine.audit;

import java.time.OffsetDateTime;

/**
 * One recorded action.
 *
 * @param target  what it acted on, {@code <kind>:<id>} (e.g. {@code run:…}); null for sign-ins
 * @param address the client's address; null when no request started it
 */
public record AuditEntry(
        long id, OffsetDateTime time, String actor, String action, String target, String details, String address) {}
