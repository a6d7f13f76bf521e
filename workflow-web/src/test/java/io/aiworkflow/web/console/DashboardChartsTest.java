package io.aiworkflow.web.console;

import io.aiworkflow.engine.insight.RunStatistics.AppTokens;
import io.aiworkflow.engine.insight.RunStatistics.Day;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DashboardChartsTest {

    private static final List<Day> DAYS = List.of(
            new Day(LocalDate.parse("2026-12-01"), Map.of("Completed", 3L, "Failed", 1L), 0.25, 120L, 900L, 40),
            new Day(LocalDate.parse("2026-12-02"), Map.of(), 0, null, null, 0),
            new Day(LocalDate.parse("2026-12-03"), Map.of("Completed", 2L, "Waiting", 1L), 0, 80L, 95L, 7));

    @Test
    void runsPerStateStacksOneSeriesPerStateThatOccurs() {
        JsonObject chart = parse(DashboardCharts.runsPerState(DAYS));
        assertEquals("bar", chart.getString("type"));
        assertEquals(
                List.of("2026-12-01", "2026-12-02", "2026-12-03"),
                chart.getJsonObject("data")
                        .getJsonArray("labels")
                        .getValuesAs(j -> ((jakarta.json.JsonString) j).getString()));
        JsonArray sets = chart.getJsonObject("data").getJsonArray("datasets");
        assertEquals(
                List.of("Waiting", "Completed", "Failed"),
                sets.stream().map(s -> s.asJsonObject().getString("label")).toList(),
                "states in a run's order of life, only those that occur");
        assertEquals("[3,0,2]", sets.getJsonObject(1).getJsonArray("data").toString());
        assertTrue(chart.getJsonObject("options")
                .getJsonObject("scales")
                .getJsonObject("y")
                .getBoolean("stacked"));
    }

    @Test
    void aDayWithoutEndedRunsLeavesAGapInTheDurations() {
        JsonArray sets =
                parse(DashboardCharts.durations(DAYS)).getJsonObject("data").getJsonArray("datasets");
        assertEquals("[120,null,80]", sets.getJsonObject(0).getJsonArray("data").toString());
        assertEquals("[900,null,95]", sets.getJsonObject(1).getJsonArray("data").toString());
        assertEquals(
                "[25.0,0.0,0.0]",
                parse(DashboardCharts.failureRate(DAYS))
                        .getJsonObject("data")
                        .getJsonArray("datasets")
                        .getJsonObject(0)
                        .getJsonArray("data")
                        .toString());
    }

    @Test
    void tokensPerAppIsAHorizontalBarPerApp() {
        JsonObject chart = parse(DashboardCharts.tokensPerApp(
                List.of(new AppTokens("a1", "Support bot", 1200), new AppTokens("a2", "Summaries", 300))));
        assertEquals("y", chart.getJsonObject("options").getString("indexAxis"));
        assertEquals(
                "[\"Support bot\",\"Summaries\"]",
                chart.getJsonObject("data").getJsonArray("labels").toString());
        assertEquals(
                "[1200,300]",
                chart.getJsonObject("data")
                        .getJsonArray("datasets")
                        .getJsonObject(0)
                        .getJsonArray("data")
                        .toString());
    }

    private static JsonObject parse(String json) {
        return Json.createReader(new StringReader(json)).readObject();
    }
}
