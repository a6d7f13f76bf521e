package io.aiworkflow.engine.execution;

import io.aiworkflow.engine.event.NodeRef;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The recorded outcomes of a run's ended node runs, gathered in the order they ended, by the scope
 * a resumed run rebuilds them in ({@link ResumePoint#endedByScope()}). A loop or sub-workflow node
 * retried after a failure ran its scope once per attempt ({@code sub#1/}, {@code sub#2/}); the resumed
 * run starts that node again at attempt 1 and carries on where its latest attempt was, so only the
 * latest attempt's records are kept, under attempt 1. An earlier attempt's records would skip steps
 * (a confirmation already given in a failed attempt must be asked again).
 */
public final class RecordedOutcomes {

    private record Row(List<String> segments, String nodeKey, ResumePoint.EndedNode outcome) {}

    private final List<Row> rows = new ArrayList<>();

    /** The next ended node run; {@code scope} as {@link NodeRef#scope()}. */
    public RecordedOutcomes add(String scope, String nodeKey, ResumePoint.EndedNode outcome) {
        List<String> segments = new ArrayList<>();
        for (String segment : scope.split("/")) {
            if (!segment.isEmpty()) {
                segments.add(segment);
            }
        }
        rows.add(new Row(segments, nodeKey, outcome));
        return this;
    }

    /** By scope (enclosing attempts renamed 1) and node key; a later record of a key wins. */
    public Map<String, Map<String, ResumePoint.EndedNode>> byScope() {
        List<Row> kept = new ArrayList<>(rows);
        for (int level = 0; ; level++) {
            int depth = level;
            Map<String, Integer> latest = new HashMap<>();
            boolean deeper = false;
            for (Row row : kept) {
                if (row.segments().size() > depth) {
                    deeper = true;
                    latest.merge(enclosing(row, depth), attempt(row.segments().get(depth)), Math::max);
                }
            }
            if (!deeper) {
                break;
            }
            kept.removeIf(row -> row.segments().size() > depth
                    && attempt(row.segments().get(depth)) < latest.get(enclosing(row, depth)));
        }
        Map<String, Map<String, ResumePoint.EndedNode>> byScope = new HashMap<>();
        for (Row row : kept) {
            StringBuilder scope = new StringBuilder();
            for (String segment : row.segments()) {
                scope.append(asFirstAttempt(segment)).append('/');
            }
            byScope.computeIfAbsent(scope.toString(), s -> new HashMap<>()).put(row.nodeKey(), row.outcome());
        }
        return byScope;
    }

    /** The enclosing node a segment stands for: the scope above it and the node's (encoded) key. */
    private static String enclosing(Row row, int depth) {
        String segment = row.segments().get(depth);
        int hash = segment.lastIndexOf('#');
        return String.join("/", row.segments().subList(0, depth)) + "/"
                + (hash < 0 ? segment : segment.substring(0, hash));
    }

    /** {@code key#2[3]} → 2. */
    private static int attempt(String segment) {
        if (segment.lastIndexOf('#') < 0) {
            return 1;
        }
        String rest = segment.substring(segment.lastIndexOf('#') + 1);
        int bracket = rest.indexOf('[');
        return Integer.parseInt(bracket < 0 ? rest : rest.substring(0, bracket));
    }

    /** {@code key#2[3]} → {@code key#1[3]}. */
    private static String asFirstAttempt(String segment) {
        int hash = segment.lastIndexOf('#');
        if (hash < 0) {
            return segment;
        }
        String rest = segment.substring(hash + 1);
        int bracket = rest.indexOf('[');
        return segment.substring(0, hash) + "#1" + (bracket < 0 ? "" : rest.substring(bracket));
    }
}
