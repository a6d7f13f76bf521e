package io.aiworkflow.web.console;

import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.engine.schedule.ScheduleService;
import io.aiworkflow.engine.schedule.ScheduleViews.PreviewTime;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.io.Serializable;
import java.time.ZoneId;
import java.util.List;
import java.util.TreeSet;

/**
 * The schedules page: every schedule of the team (or of one app, {@code ?appId=}) with its next
 * time, last state and warnings; pause, resume and run now; and, for an app, a form whose preview
 * of the next times follows the cron expression or interval as it is typed.
 */
@Named
@ViewScoped
public class SchedulesBean implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final int SHOWN = 200;
    private static final List<String> ZONES = List.copyOf(new TreeSet<>(ZoneId.getAvailableZoneIds()));

    @Inject
    private ScheduleService schedules;

    @Inject
    private ConsoleUser user;

    private String appId;
    private List<ScheduleRow> rows = List.of();

    private String name;
    private String cron = "0 9 * * MON-FRI";
    private String interval;
    private String timeZone = "UTC";
    private String parameters = "{}";
    private String overlap = "SKIP";
    private List<String> preview = List.of();
    private String previewProblem;

    public void load() {
        try {
            rows = schedules.list(user.caller(), ConsoleFilters.blank(appId), 1, SHOWN).items().stream()
                    .map(ScheduleRow::new)
                    .toList();
            if (appId != null && preview.isEmpty() && previewProblem == null) {
                updatePreview();
            }
        } catch (RuntimeException e) {
            ConsoleMessages.failure(e);
        }
    }

    /** The next ten times of the definition in the form (or why it is not valid yet). */
    public void updatePreview() {
        try {
            preview = schedules.preview(user.caller(), appId, definition(), 10).stream()
                    .map(SchedulesBean::line)
                    .toList();
            previewProblem = null;
        } catch (RuntimeException e) {
            preview = List.of();
            previewProblem = e.getMessage();
        }
    }

    public void create() {
        try {
            schedules.create(user.caller(), appId, definition());
            ConsoleMessages.info("Schedule created");
            name = null;
            load();
        } catch (RuntimeException e) {
            ConsoleMessages.failure(e);
        }
    }

    public void pause(String id) {
        act(() -> schedules.pause(user.caller(), null, id), "Paused");
    }

    public void resume(String id) {
        act(
                () -> schedules.resume(user.caller(), null, id),
                "Resumed: future times fire; backfill the paused period on its page");
    }

    public void runNow(String id) {
        act(
                () -> {
                    var firing = schedules.runNow(user.caller(), null, id);
                    ConsoleMessages.info("Run now: " + firing.state()
                            + (firing.reason() == null ? "" : " (" + firing.reason() + ")"));
                },
                null);
    }

    private void act(Runnable action, String done) {
        try {
            action.run();
            if (done != null) {
                ConsoleMessages.info(done);
            }
            load();
        } catch (RuntimeException e) {
            ConsoleMessages.failure(e);
        }
    }

    private JsonObject definition() {
        JsonObjectBuilder b = Jsons.object();
        if (name != null && !name.isBlank()) {
            b.add("name", name);
        }
        if (interval != null && !interval.isBlank()) {
            b.add("interval", interval.trim());
        } else {
            b.add("cron", cron == null ? "" : cron);
        }
        b.add("timeZone", timeZone == null ? "" : timeZone);
        b.add("overlap", overlap);
        String text = parameters == null || parameters.isBlank() ? "{}" : parameters;
        b.add("parameters", Jsons.parseObject(text));
        return b.build();
    }

    public List<String> completeZone(String query) {
        String q = query == null ? "" : query.toLowerCase();
        return ZONES.stream().filter(z -> z.toLowerCase().contains(q)).limit(30).toList();
    }

    public List<ScheduleRow> getRows() {
        return rows;
    }

    /** A coming time as the form lists it: local, UTC, and the clock change that moved it. */
    static String line(PreviewTime t) {
        return t.local() + "  (" + ConsoleTimes.format(t.utc()) + ")"
                + (t.clockChange() == null ? "" : "  " + t.clockChange());
    }

    public List<String> getPreview() {
        return preview;
    }

    public String getPreviewProblem() {
        return previewProblem;
    }

    public boolean isForApp() {
        return ConsoleFilters.blank(appId) != null;
    }

    public String getAppId() {
        return appId;
    }

    public void setAppId(String appId) {
        this.appId = appId;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getCron() {
        return cron;
    }

    public void setCron(String cron) {
        this.cron = cron;
    }

    public String getInterval() {
        return interval;
    }

    public void setInterval(String interval) {
        this.interval = interval;
    }

    public String getTimeZone() {
        return timeZone;
    }

    public void setTimeZone(String timeZone) {
        this.timeZone = timeZone;
    }

    public String getParameters() {
        return parameters;
    }

    public void setParameters(String parameters) {
        this.parameters = parameters;
    }

    public String getOverlap() {
        return overlap;
    }

    public void setOverlap(String overlap) {
        this.overlap = overlap;
    }
}
