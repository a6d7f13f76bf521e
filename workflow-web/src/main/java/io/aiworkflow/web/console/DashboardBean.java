package io.aiworkflow.web.console;

import io.aiworkflow.engine.insight.PendingConfirmations;
import io.aiworkflow.engine.insight.RunStatistics;
import io.aiworkflow.engine.insight.RunStatistics.Day;
import io.aiworkflow.engine.insight.RunStatistics.Summary;
import io.aiworkflow.engine.platform.TimeSource;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.io.Serializable;
import java.util.List;

/**
 * The dashboard: the team's runs of the last days (7, 14 or 30, UTC) as charts, and how many
 * confirmations wait on the signed-in user.
 */
@Named
@ViewScoped
public class DashboardBean implements Serializable {

    private static final long serialVersionUID = 1L;

    private static final List<Integer> WINDOWS = List.of(7, 14, 30);

    @Inject
    private RunStatistics statistics;

    @Inject
    private PendingConfirmations pending;

    @Inject
    private TimeSource time;

    @Inject
    private ConsoleUser user;

    private int days = 14;
    private Summary summary;
    private int waitingOnMe;

    public void load() {
        if (!WINDOWS.contains(days)) {
            days = 14;
        }
        try {
            summary = statistics.summary(
                    user.caller(), RunStatistics.todayUtc(time.now().toInstant()), days);
            waitingOnMe = pending.waitingOn(user.caller()).size();
        } catch (RuntimeException e) {
            summary = new Summary(List.of(), List.of(), List.of());
            ConsoleMessages.failure(e);
        }
    }

    public String getRunsChart() {
        return DashboardCharts.runsPerState(summary.days());
    }

    public String getFailureChart() {
        return DashboardCharts.failureRate(summary.days());
    }

    public String getDurationChart() {
        return DashboardCharts.durations(summary.days());
    }

    public String getTokensPerDayChart() {
        return DashboardCharts.tokensPerDay(summary.days());
    }

    public String getTokensPerAppChart() {
        return DashboardCharts.tokensPerApp(summary.tokensByApp());
    }

    public String getFailingNodesChart() {
        return DashboardCharts.failingNodes(summary.failingNodes());
    }

    public boolean isAnyTokens() {
        return !summary.tokensByApp().isEmpty();
    }

    public boolean isAnyFailingNodes() {
        return !summary.failingNodes().isEmpty();
    }

    public long getRunCount() {
        return summary.days().stream()
                .mapToLong(d -> d.runsByState().values().stream()
                        .mapToLong(Long::longValue)
                        .sum())
                .sum();
    }

    public long getFailedCount() {
        return summary.days().stream()
                .mapToLong(d -> d.runsByState().getOrDefault("Failed", 0L))
                .sum();
    }

    /** The team's runs started in the window that wait now. */
    public long getWaitingCount() {
        return summary.days().stream()
                .mapToLong((Day d) -> d.runsByState().getOrDefault("Waiting", 0L))
                .sum();
    }

    public int getWaitingOnMe() {
        return waitingOnMe;
    }

    public List<Integer> getWindows() {
        return WINDOWS;
    }

    public int getDays() {
        return days;
    }

    public void setDays(int days) {
        this.days = days;
    }
}
