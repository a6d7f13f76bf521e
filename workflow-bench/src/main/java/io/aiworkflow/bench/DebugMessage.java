package io.aiworkflow.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One message of the WebSocket debug channel, read just enough: its run, what it is and the run's
 * {@code elapsed_time}. Read by searching the text rather than with a JSON parser: a thousand
 * watchers get tens of thousands of messages a second on the cores the server runs on too.
 *
 * <p>The messages carry no sequence number, but a run of the bench's linear design sends a fixed
 * list of them: each one's place in {@link #BENCH_RUN} is its sequence number. The keys are
 * {@code d<node_exec_id>/<node status>} for a {@code workflow_run_debug} with node data (ids are
 * handed out as nodes start, so in the line's order), and {@code p<completed_progress>} for a
 * {@code workflow_run_progress} (one percentage per step, as 100 × steps ÷ nodes is rounded down).
 */
record DebugMessage(String runId, String key, long elapsedMs) {

    /** Every message of one bench run, in order: the last two are the run's end. */
    static final List<String> BENCH_RUN = expected(BenchDesign.NODES);

    static final int LAST = BENCH_RUN.size() - 1;
    /** the run's end: the last debug message (it carries the End node), then its last progress */
    static final int TERMINAL = LAST - 1;

    private static final Map<String, Integer> ORDINALS = ordinals(BENCH_RUN);
    private static final String DEBUG = "workflow_run_debug";
    private static final String PROGRESS = "workflow_run_progress";

    /** The message's place in {@link #BENCH_RUN}; -1 when it has none. */
    int ordinal() {
        return ORDINALS.getOrDefault(key, -1);
    }

    /**
     * Reads a message as DebugRun writes it (compact JSON: the run's fields before its node data);
     * null when it is no run message. Strings inside are JSON-escaped, so a searched key such as
     * {@code "status":} cannot match inside one.
     */
    static DebugMessage parse(String text) {
        String type = string(text, "\"type\":\"", 0);
        String runId = string(text, "\"app_run_id\":\"", 0);
        int nodeAt = text.indexOf("\"node_exec_data\":{");
        int end = nodeAt < 0 ? text.length() : nodeAt;
        int elapsedAt = text.indexOf("\"elapsed_time\":");
        if (type == null || runId == null || elapsedAt < 0 || elapsedAt > end) {
            return null;
        }
        long elapsedMs;
        try {
            elapsedMs = Math.round(Double.parseDouble(number(text, elapsedAt + "\"elapsed_time\":".length())) * 1000);
        } catch (NumberFormatException e) {
            return null;
        }
        String key;
        if (DEBUG.equals(type) && nodeAt < 0) {
            key = "d-"; // a snapshot, or an end without End data: no bench run sends one
        } else if (DEBUG.equals(type)) {
            int idAt = text.indexOf("\"node_exec_id\":", nodeAt);
            int statusAt = idAt < 0 ? -1 : text.indexOf("\"status\":", idAt);
            if (statusAt < 0) {
                return null;
            }
            key = "d" + number(text, idAt + "\"node_exec_id\":".length()) + "/"
                    + number(text, statusAt + "\"status\":".length());
        } else if (PROGRESS.equals(type)) {
            key = "p" + string(text, "\"completed_progress\":\"", 0);
        } else {
            key = type;
        }
        return new DebugMessage(runId, key, elapsedMs);
    }

    /** Start ends; each node in between starts and ends; the run ends (End's data comes with it). */
    static List<String> expected(int nodes) {
        List<String> keys = new ArrayList<>();
        keys.add("d1/3");
        keys.add(progress(1, nodes));
        for (int id = 2; id < nodes; id++) {
            keys.add("d" + id + "/2");
            keys.add("d" + id + "/3");
            keys.add(progress(id, nodes));
        }
        keys.add("d" + nodes + "/3");
        keys.add("p100%");
        return List.copyOf(keys);
    }

    private static String progress(int steps, int nodes) {
        return "p" + (int) Math.floor(100.0 * steps / nodes) + "%";
    }

    private static Map<String, Integer> ordinals(List<String> keys) {
        Map<String, Integer> map = new HashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            map.put(keys.get(i), i);
        }
        return Map.copyOf(map);
    }

    /** The string value after {@code prefix} (which ends with its opening quote); null when absent. */
    private static String string(String text, String prefix, int from) {
        int at = text.indexOf(prefix, from);
        if (at < 0) {
            return null;
        }
        int start = at + prefix.length();
        int end = text.indexOf('"', start);
        return end < 0 ? null : text.substring(start, end);
    }

    /** The number starting at {@code from}, up to the next comma or brace. */
    private static String number(String text, int from) {
        int end = from;
        while (end < text.length() && text.charAt(end) != ',' && text.charAt(end) != '}') {
            end++;
        }
        return text.substring(from, end).trim();
    }
}
