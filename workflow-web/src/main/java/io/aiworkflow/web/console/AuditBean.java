package io.aiworkflow.web.console;

import io.aiworkflow.engine.audit.AuditAction;
import io.aiworkflow.engine.audit.AuditQuery;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.io.Serializable;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The audit page (admins): who did what, when and from where, filtered by an action or a family
 * of actions, an actor and a time range (UTC); the CSV download exports what the filters select.
 */
@Named
@ViewScoped
public class AuditBean implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    private AuditLazyModel model;

    private String action;
    private String actor;
    private String target;
    private LocalDateTime from;
    private LocalDateTime to;

    public void load() {
        if (target != null && (target.isBlank() || target.length() > 300)) {
            target = null;
        }
        apply();
    }

    public void apply() {
        if (from != null && to != null && !to.isAfter(from)) {
            ConsoleMessages.error("The end of the time range must be after its start");
            return;
        }
        model.search(query());
    }

    public void clear() {
        action = null;
        actor = null;
        target = null;
        from = null;
        to = null;
        apply();
    }

    private AuditQuery query() {
        return new AuditQuery(
                ConsoleFilters.blank(action),
                ConsoleFilters.blank(actor),
                ConsoleFilters.blank(target),
                ConsoleFilters.utc(from),
                ConsoleFilters.utc(to));
    }

    /** The API's CSV export with these filters; the console session signs the request. */
    public String getExportLink() {
        AuditQuery q = query();
        StringBuilder link = new StringBuilder("../api/admin/audit/export");
        char sep = '?';
        for (Map.Entry<String, Object> p : Map.<String, Object>of(
                        "action", q.action() == null ? "" : q.action(),
                        "actor", q.actor() == null ? "" : q.actor(),
                        "target", q.target() == null ? "" : q.target(),
                        "from", q.from() == null ? "" : q.from(),
                        "to", q.to() == null ? "" : q.to())
                .entrySet()) {
            String value = p.getValue().toString();
            if (!value.isEmpty()) {
                link.append(sep)
                        .append(p.getKey())
                        .append('=')
                        .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
                sep = '&';
            }
        }
        return link.toString();
    }

    /** Families first (every app.* action), then each action. */
    public Map<String, String> getActions() {
        Map<String, String> choices = new LinkedHashMap<>();
        Arrays.stream(AuditAction.values())
                .map(a -> a.wireName().contains(".")
                        ? a.wireName().substring(0, a.wireName().indexOf('.'))
                        : a.wireName())
                .distinct()
                .forEach(family -> choices.put(family + " (all)", family));
        Arrays.stream(AuditAction.values()).forEach(a -> choices.put(a.wireName(), a.wireName()));
        return choices;
    }

    public AuditLazyModel getModel() {
        return model;
    }

    public String getAction() {
        return action;
    }

    public void setAction(String action) {
        this.action = action;
    }

    public String getActor() {
        return actor;
    }

    public void setActor(String actor) {
        this.actor = actor;
    }

    public String getTarget() {
        return target;
    }

    public void setTarget(String target) {
        this.target = target;
    }

    public LocalDateTime getFrom() {
        return from;
    }

    public void setFrom(LocalDateTime from) {
        this.from = from;
    }

    public LocalDateTime getTo() {
        return to;
    }

    public void setTo(LocalDateTime to) {
        this.to = to;
    }
}
