package io.aiworkflow.web.console;

import io.aiworkflow.domain.model.run.RunState;
import io.aiworkflow.engine.insight.RunStatistics.AppTokens;
import io.aiworkflow.engine.insight.RunStatistics.Day;
import io.aiworkflow.engine.insight.RunStatistics.FailingNode;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The dashboard's charts as Chart.js configurations (what PrimeFaces' chart component draws),
 * built from the run statistics. Colours follow the run states' colours elsewhere in the console.
 */
final class DashboardCharts {

    private static final Map<String, String> STATE_COLOURS = Map.of(
            "Completed", "#52c41a",
            "Failed", "#ff4d4f",
            "Canceled", "#bfbfbf",
            "Running", "#1677ff",
            "Waiting", "#faad14",
            "Pending", "#91caff");

    private DashboardCharts() {}

    /** Runs started per day, stacked by the state they are in. */
    static String runsPerState(List<Day> days) {
        JsonArrayBuilder datasets = Json.createArrayBuilder();
        for (RunState state : RunState.values()) {
            String name = state.wire();
            if (days.stream().anyMatch(d -> d.runsByState().getOrDefault(name, 0L) > 0)) {
                datasets.add(dataset(
                        name,
                        STATE_COLOURS.getOrDefault(name, "#8c8c8c"),
                        days,
                        d -> d.runsByState().getOrDefault(name, 0L)));
            }
        }
        return chart("bar", labels(days), datasets, stackedScales()).toString();
    }

    /** The share of ended runs that failed, in percent. */
    static String failureRate(List<Day> days) {
        JsonArrayBuilder datasets = Json.createArrayBuilder()
                .add(dataset("Failed runs (%)", "#ff4d4f", days, d -> Math.round(d.failureRate() * 1000) / 10.0));
        return chart("line", labels(days), datasets, percentScale()).toString();
    }

    /** Median and 95th percentile of ended runs' durations, in milliseconds. */
    static String durations(List<Day> days) {
        JsonArrayBuilder datasets = Json.createArrayBuilder()
                .add(dataset("p50 (ms)", "#1677ff", days, Day::p50Ms))
                .add(dataset("p95 (ms)", "#722ed1", days, Day::p95Ms));
        return chart("line", labels(days), datasets, zeroBasedScale()).toString();
    }

    static String tokensPerDay(List<Day> days) {
        JsonArrayBuilder datasets = Json.createArrayBuilder().add(dataset("Tokens", "#13c2c2", days, Day::tokens));
        return chart("bar", labels(days), datasets, zeroBasedScale()).toString();
    }

    static String tokensPerApp(List<AppTokens> apps) {
        JsonArrayBuilder labels = Json.createArrayBuilder();
        JsonArrayBuilder data = Json.createArrayBuilder();
        apps.forEach(a -> {
            labels.add(a.appName());
            data.add(a.tokens());
        });
        return horizontal(labels, "Tokens", "#13c2c2", data);
    }

    static String failingNodes(List<FailingNode> nodes) {
        JsonArrayBuilder labels = Json.createArrayBuilder();
        JsonArrayBuilder data = Json.createArrayBuilder();
        nodes.forEach(n -> {
            labels.add(n.appName() + " · " + n.nodeKey());
            data.add(n.failures());
        });
        return horizontal(labels, "Failures", "#ff4d4f", data);
    }

    private static String horizontal(JsonArrayBuilder labels, String label, String colour, JsonArrayBuilder data) {
        JsonArrayBuilder datasets = Json.createArrayBuilder()
                .add(Json.createObjectBuilder()
                        .add("label", label)
                        .add("backgroundColor", colour)
                        .add("data", data));
        JsonObjectBuilder options = baseOptions()
                .add("indexAxis", "y")
                .add(
                        "scales",
                        Json.createObjectBuilder()
                                .add("x", Json.createObjectBuilder().add("beginAtZero", true)));
        return Json.createObjectBuilder()
                .add("type", "bar")
                .add("data", Json.createObjectBuilder().add("labels", labels).add("datasets", datasets))
                .add("options", options)
                .build()
                .toString();
    }

    private static JsonArrayBuilder labels(List<Day> days) {
        JsonArrayBuilder labels = Json.createArrayBuilder();
        days.forEach(d -> labels.add(d.day().toString()));
        return labels;
    }

    private static JsonObjectBuilder dataset(String label, String colour, List<Day> days, Function<Day, Number> value) {
        JsonArrayBuilder data = Json.createArrayBuilder();
        for (Day d : days) {
            Number n = value.apply(d);
            if (n == null) {
                data.addNull();
            } else if (n instanceof Double x) {
                data.add(x);
            } else {
                data.add(n.longValue());
            }
        }
        return Json.createObjectBuilder()
                .add("label", label)
                .add("backgroundColor", colour)
                .add("borderColor", colour)
                .add("spanGaps", true)
                .add("data", data);
    }

    private static JsonObject chart(
            String type, JsonArrayBuilder labels, JsonArrayBuilder datasets, JsonObjectBuilder scales) {
        return Json.createObjectBuilder()
                .add("type", type)
                .add("data", Json.createObjectBuilder().add("labels", labels).add("datasets", datasets))
                .add("options", baseOptions().add("scales", scales))
                .build();
    }

    private static JsonObjectBuilder baseOptions() {
        return Json.createObjectBuilder()
                .add("responsive", true)
                .add("maintainAspectRatio", false)
                .add("animation", false);
    }

    private static JsonObjectBuilder stackedScales() {
        return Json.createObjectBuilder()
                .add("x", Json.createObjectBuilder().add("stacked", true))
                .add("y", Json.createObjectBuilder().add("stacked", true).add("beginAtZero", true));
    }

    private static JsonObjectBuilder zeroBasedScale() {
        return Json.createObjectBuilder().add("y", Json.createObjectBuilder().add("beginAtZero", true));
    }

    private static JsonObjectBuilder percentScale() {
        return Json.createObjectBuilder()
                .add("y", Json.createObjectBuilder().add("beginAtZero", true).add("max", 100));
    }
}
