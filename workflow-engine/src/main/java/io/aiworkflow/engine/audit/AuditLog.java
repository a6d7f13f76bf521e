package io.aiworkflow.engine.audit;

import io.aiworkflow.domain.shared.ErrorCode;
import io.aiworkflow.domain.shared.WorkflowException;
import io.aiworkflow.engine.platform.TimeSource;
import io.aiworkflow.engine.security.AccessPolicy;
import io.aiworkflow.engine.security.Caller;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Records and searches audit entries. {@link #record} joins the transaction of the change it
 * records, so the entry exists exactly when the change does; {@link #recordAlone} commits on its own,
 * for attempts that fail (a refused sign-in) and roll their own transaction back.
 */
@Stateless
public class AuditLog {

    /** Most rows an export writes; a narrower filter gets the rest. */
    public static final int MAX_EXPORT_ROWS = 100_000;

    private static final int MAX_DETAILS = 2_000;

    @Resource(lookup = "jdbc/workflow")
    private DataSource dataSource;

    @Inject
    private TimeSource time;

    @Inject
    private ClientAddress clientAddress;

    public record AuditPage(long total, int page, int pageSize, List<AuditEntry> items) {}

    public void record(Caller caller, AuditAction action, String target, String details) {
        insert(caller.name(), action, target, details);
    }

    /** Records under the actor's name as given (a sign-in names a user that may not exist). */
    public void record(String actor, AuditAction action, String target, String details) {
        insert(actor, action, target, details);
    }

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void recordAlone(String actor, AuditAction action, String target, String details) {
        insert(actor, action, target, details);
    }

    public AuditPage search(Caller caller, AuditQuery query, int page, int pageSize) {
        AccessPolicy.requireAdmin(caller);
        int size = pageSize <= 0 ? 50 : Math.min(pageSize, 500);
        int p = Math.max(page, 1);
        List<Object> args = new ArrayList<>();
        String where = where(query, args);
        try (Connection c = dataSource.getConnection()) {
            long total;
            try (PreparedStatement ps = c.prepareStatement("select count(*) from audit_entry" + where)) {
                bind(ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<AuditEntry> items = new ArrayList<>();
            select(
                    c,
                    where + " order by time desc, id desc limit " + size + " offset " + (long) (p - 1) * size,
                    args,
                    items::add);
            return new AuditPage(total, p, size, items);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the audit log", e);
        }
    }

    /** Every entry the query selects, newest first, up to {@link #MAX_EXPORT_ROWS}. */
    public void export(Caller caller, AuditQuery query, Consumer<AuditEntry> sink) {
        AccessPolicy.requireAdmin(caller);
        List<Object> args = new ArrayList<>();
        String where = where(query, args);
        try (Connection c = dataSource.getConnection()) {
            select(c, where + " order by time desc, id desc limit " + MAX_EXPORT_ROWS, args, sink);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the audit log", e);
        }
    }

    /**
     * The entries about one target, oldest first, for pages that show who did what to it (the
     * run page's "approved by"). Whoever may see the target may see these.
     */
    public List<AuditEntry> about(String target) {
        List<Object> args = new ArrayList<>();
        String where = where(new AuditQuery(null, null, target, null, null), args);
        List<AuditEntry> entries = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            select(c, where + " order by time, id limit 200", args, entries::add);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the audit log", e);
        }
        return entries;
    }

    private void insert(String actor, AuditAction action, String target, String details) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("insert into audit_entry (time, actor, action, target, details, address)"
                                + " values (?, ?, ?, ?, ?, ?)")) {
            ps.setObject(1, time.now());
            ps.setString(2, clip(actor == null || actor.isBlank() ? "(none)" : actor, 255));
            ps.setString(3, action.wireName());
            ps.setString(4, clip(target, 300));
            ps.setString(5, clip(details, MAX_DETAILS));
            ps.setString(6, clip(address(), 64));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new WorkflowException(ErrorCode.INTERNAL_ERROR, "cannot record the action in the audit log");
        }
    }

    /** The request's client address; null when no request is being served (timers, batch jobs). */
    private String address() {
        return clientAddress.get();
    }

    private static String where(AuditQuery q, List<Object> args) {
        StringBuilder where = new StringBuilder(" where true");
        if (q.action() != null && !q.action().isBlank()) {
            String action = q.action().trim();
            if (action.contains(".")) {
                where.append(" and action = ?");
                args.add(action);
            } else {
                // a family: "app" selects app.create, app.publish, …; "login" also selects login.failed
                where.append(" and (action = ? or action like ?)");
                args.add(action);
                args.add(action.replace("%", "").replace("_", "\\_") + ".%");
            }
        }
        if (q.actor() != null && !q.actor().isBlank()) {
            where.append(" and actor = ?");
            args.add(q.actor().trim());
        }
        if (q.target() != null && !q.target().isBlank()) {
            where.append(" and target = ?");
            args.add(q.target().trim());
        }
        if (q.from() != null) {
            where.append(" and time >= ?");
            args.add(q.from().atOffset(ZoneOffset.UTC));
        }
        if (q.to() != null) {
            where.append(" and time < ?");
            args.add(q.to().atOffset(ZoneOffset.UTC));
        }
        return where.toString();
    }

    private static void select(Connection c, String tail, List<Object> args, Consumer<AuditEntry> sink)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "select id, time, actor, action, target, details, address from audit_entry" + tail)) {
            bind(ps, args);
            ps.setFetchSize(1_000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Timestamp t = rs.getTimestamp("time");
                    sink.accept(new AuditEntry(
                            rs.getLong("id"),
                            t.toInstant().atOffset(ZoneOffset.UTC),
                            rs.getString("actor"),
                            rs.getString("action"),
                            rs.getString("target"),
                            rs.getString("details"),
                            rs.getString("address")));
                }
            }
        }
    }

    private static void bind(PreparedStatement ps, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            ps.setObject(i + 1, args.get(i));
        }
    }

    private static String clip(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max - 1) + "…";
    }
}
