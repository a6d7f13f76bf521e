package io.aiworkflow.engine.registry;

import io.aiworkflow.domain.model.registry.RegistryEntry;
import io.aiworkflow.domain.shared.ErrorCode;
import io.aiworkflow.domain.shared.WorkflowException;
import io.aiworkflow.engine.audit.AuditAction;
import io.aiworkflow.engine.audit.AuditLog;
import io.aiworkflow.engine.platform.TimeSource;
import io.aiworkflow.engine.security.AccessPolicy;
import io.aiworkflow.engine.security.Caller;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * Create, read, update, delete and list for a registry whose entries belong to a team: the team
 * and role rules live here once; a registry says how a spec is applied and how an entry is shown.
 *
 * @param <E> the entity
 * @param <S> what a client sends to create or change an entry
 * @param <V> what a client gets back (never a secret)
 */
@Transactional
public abstract class TeamScopedRegistry<E extends RegistryEntry, S, V> {

    @Inject
    private AuditLog audit;

    @PersistenceContext(unitName = "workflow")
    protected EntityManager em;

    @Inject
    protected SecretCipher cipher;

    @Inject
    protected TimeSource time;

    private final Class<E> type;
    private final ErrorCode notFound;
    private final String label;

    protected TeamScopedRegistry(Class<E> type, ErrorCode notFound, String label) {
        this.type = type;
        this.notFound = notFound;
        this.label = label;
    }

    /** A new, not yet persisted entry of the team. */
    protected abstract E newEntry(long teamId, OffsetDateTime now);

    /** Validates the spec and copies it onto the entry (secrets encrypted). */
    protected abstract void apply(E entry, S spec);

    protected abstract Long requestedTeam(S spec);

    protected abstract V view(E entry);

    public V create(Caller caller, S spec) {
        AccessPolicy.requireWrite(caller);
        E entry = newEntry(AccessPolicy.teamFor(caller, requestedTeam(spec)), time.now());
        apply(entry, spec);
        em.persist(entry);
        em.flush();
        audit.record(caller, AuditAction.REGISTRY_CREATE, target(entry), entry.getName());
        return view(entry);
    }

    public V update(Caller caller, long id, S spec) {
        AccessPolicy.requireWrite(caller);
        E entry = visible(caller, id);
        apply(entry, spec);
        audit.record(caller, AuditAction.REGISTRY_UPDATE, target(entry), entry.getName());
        return view(entry);
    }

    public void delete(Caller caller, long id) {
        AccessPolicy.requireWrite(caller);
        E entry = visible(caller, id);
        em.remove(entry);
        audit.record(caller, AuditAction.REGISTRY_DELETE, target(entry), entry.getName());
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public V get(Caller caller, long id) {
        return view(visible(caller, id));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<V> list(Caller caller) {
        return em
                .createQuery("select e from " + type.getSimpleName() + " e where e.teamId = :t order by e.id", type)
                .setParameter("t", caller.teamId())
                .getResultList()
                .stream()
                .map(this::view)
                .toList();
    }

    /** The entry if it exists and belongs to {@code teamId}: for the engine, which acts for a run's team. */
    protected E ofTeam(long teamId, long id) {
        E entry = em.find(type, id);
        return entry == null || entry.getTeamId() != teamId ? null : entry;
    }

    /** {@code model:<id>} or {@code plugin:<id>}: how the audit log names the entry. */
    private String target(E entry) {
        return label + ":" + entry.getId();
    }

    private E visible(Caller caller, long id) {
        E entry = em.find(type, id);
        if (entry == null || !AccessPolicy.canSee(caller, entry.getTeamId())) {
            throw new WorkflowException(notFound, "no " + label + " with id " + id);
        }
        return entry;
    }
}
