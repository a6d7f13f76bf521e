package io.aiworkflow.domain.definition;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The graph rules a design must satisfy to be published (and so to execute). It reports every
 * problem it finds, each with the node it concerns, rather than stopping at the first.
 */
public final class WorkflowValidator {

    public static final int MAX_NODES = 500;
    public static final int MAX_CONNECTIONS = 2_000;
    public static final String BODY = "body";
    public static final String ELSE = "else";
    public static final String ERROR = "error";
    private static final Set<String> SCOPE_ROOTS = Set.of("sys", "input", "loop");

    public List<DesignProblem> validate(FunctionDesign design) {
        List<DesignProblem> problems = new ArrayList<>();
        if (design.nodes().size() > MAX_NODES) {
            problems.add(new DesignProblem(
                    null,
                    "TOO_MANY_NODES",
                    "a workflow may have at most " + MAX_NODES + " nodes, this one has "
                            + design.nodes().size()));
            return problems;
        }
        if (design.connections().size() > MAX_CONNECTIONS) {
            problems.add(new DesignProblem(
                    null, "TOO_MANY_CONNECTIONS", "a workflow may have at most " + MAX_CONNECTIONS + " connections"));
            return problems;
        }
        Map<String, NodeDesign> nodes = checkNodes(design, problems);
        checkConnections(design, nodes, problems);
        Graph graph = new Graph(design, nodes.keySet());
        // counted before the cycle check, so that a cycle does not hide a missing or extra Start/End
        String start = single(design, NodeType.Start, problems);
        String end = single(design, NodeType.End, problems);
        if (checkAcyclic(graph, problems)) {
            Set<String> body = loopBodies(design, graph, nodes, problems);
            if (start != null) {
                Set<String> reached = graph.reachableFrom(start, true);
                for (String key : nodes.keySet()) {
                    if (!reached.contains(key)) {
                        problems.add(
                                new DesignProblem(key, "UNREACHABLE", "node is not reachable from the Start node"));
                    }
                }
            }
            if (end != null) {
                Set<String> reachEnd = graph.reaching(end);
                for (String key : nodes.keySet()) {
                    if (!body.contains(key) && !reachEnd.contains(key)) {
                        problems.add(
                                new DesignProblem(key, "DEAD_END", "the End node cannot be reached from this node"));
                    }
                }
                if (body.contains(end)) {
                    problems.add(
                            new DesignProblem(end, "END_IN_LOOP_BODY", "the End node cannot be inside a ForEach body"));
                }
            }
            checkReferences(nodes, graph, body, problems);
        }
        return problems;
    }

    private Map<String, NodeDesign> checkNodes(FunctionDesign design, List<DesignProblem> problems) {
        Map<String, NodeDesign> nodes = new HashMap<>();
        for (NodeDesign node : design.nodes()) {
            String key = node.nodeKey();
            if (nodes.putIfAbsent(key, node) != null) {
                problems.add(
                        new DesignProblem(key, "DUPLICATE_NODE_KEY", "node key '" + key + "' is used more than once"));
            }
            if (SCOPE_ROOTS.contains(key)) {
                problems.add(new DesignProblem(
                        key, "RESERVED_NODE_KEY", "'" + key + "' is reserved for the variable scope"));
            }
            if (node.type() == null) {
                problems.add(
                        new DesignProblem(key, "UNKNOWN_NODE_TYPE", "unknown node type '" + node.nodeType() + "'"));
            }
            Set<String> fieldNames = new HashSet<>();
            for (FieldDesign field : node.fieldDesigns()) {
                if (!fieldNames.add(field.fieldName())) {
                    problems.add(new DesignProblem(
                            key, "DUPLICATE_FIELD", "field '" + field.fieldName() + "' is set twice"));
                }
                if (field.expression() == null) {
                    problems.add(new DesignProblem(
                            key,
                            "UNKNOWN_EXPRESSION_TYPE",
                            "field '" + field.fieldName() + "' has unknown expressionType '" + field.expressionType()
                                    + "'"));
                } else if (field.expression() == ExpressionType.JsonPath && hasRegexFilter(field.text())) {
                    problems.add(new DesignProblem(
                            key,
                            "JSONPATH_REGEX_REFUSED",
                            "field '" + field.fieldName()
                                    + "': JSONPath regular-expression filters (=~) are not allowed; a pattern that backtracks"
                                    + " without end cannot be stopped"));
                }
            }
        }
        return nodes;
    }

    /** A JSONPath filter matching a regular expression ({@code =~}): its matching cannot be interrupted. */
    public static boolean hasRegexFilter(String jsonPath) {
        return jsonPath != null && jsonPath.contains("=~");
    }

    private void checkConnections(FunctionDesign design, Map<String, NodeDesign> nodes, List<DesignProblem> problems) {
        for (Connection c : design.connections()) {
            if (!nodes.containsKey(c.sourceNodeKey())) {
                problems.add(new DesignProblem(
                        c.sourceNodeKey(),
                        "UNKNOWN_CONNECTION_SOURCE",
                        "a connection starts at unknown node '" + c.sourceNodeKey() + "'"));
            }
            if (!nodes.containsKey(c.targetNodeKey())) {
                problems.add(new DesignProblem(
                        c.sourceNodeKey(),
                        "UNKNOWN_CONNECTION_TARGET",
                        "a connection leads to unknown node '" + c.targetNodeKey() + "'"));
            }
        }
        for (NodeDesign node : nodes.values()) {
            List<Connection> out = design.outgoing(node.nodeKey());
            if (node.type() == NodeType.End && !out.isEmpty()) {
                problems.add(new DesignProblem(
                        node.nodeKey(), "END_HAS_OUTGOING", "the End node cannot have outgoing connections"));
            }
            if (node.type() == NodeType.Start
                    && !design.incoming(node.nodeKey()).isEmpty()) {
                problems.add(new DesignProblem(
                        node.nodeKey(), "START_HAS_INCOMING", "the Start node cannot have incoming connections"));
            }
            if (node.type() == NodeType.Condition) {
                Set<String> keys = conditionKeys(node);
                for (Connection c : out) {
                    if (c.label() == null
                            || !(keys.contains(c.label()) || ELSE.equals(c.label()) || ERROR.equals(c.label()))) {
                        problems.add(new DesignProblem(
                                node.nodeKey(),
                                "UNLABELLED_CONDITION_BRANCH",
                                "connection to '" + c.targetNodeKey() + "' must be labelled with a condition key "
                                        + keys + " or 'else'"));
                    }
                }
                if (keys.isEmpty()) {
                    problems.add(new DesignProblem(
                            node.nodeKey(), "NO_CONDITIONS", "a Condition node needs a 'conditions' list"));
                }
            }
            if (node.type() == NodeType.ForEach && out.stream().noneMatch(c -> c.hasLabel(BODY))) {
                problems.add(new DesignProblem(
                        node.nodeKey(), "FOREACH_WITHOUT_BODY", "a ForEach node needs a connection labelled 'body'"));
            }
        }
    }

    /** The keys of a Condition's {@code conditions} list. */
    public static Set<String> conditionKeys(NodeDesign node) {
        Set<String> keys = new LinkedHashSet<>();
        node.field("conditions").ifPresent(f -> {
            if (f.value() instanceof JsonArray array) {
                for (var item : array) {
                    if (item instanceof JsonObject o && o.get("key") instanceof JsonString k) {
                        keys.add(k.getString());
                    }
                }
            }
        });
        return keys;
    }

    private boolean checkAcyclic(Graph graph, List<DesignProblem> problems) {
        Map<String, Integer> state = new HashMap<>();
        for (String key : graph.keys) {
            if (state.getOrDefault(key, 0) == 0) {
                String cycleAt = findCycle(graph, key, state);
                if (cycleAt != null) {
                    problems.add(new DesignProblem(
                            cycleAt, "CYCLE", "the workflow has a cycle through this node; use ForEach to repeat"));
                    return false;
                }
            }
        }
        return true;
    }

    /** Iterative DFS (deep graphs must not overflow the stack); returns a node on a cycle, or null. */
    private String findCycle(Graph graph, String root, Map<String, Integer> state) {
        Deque<Object[]> stack = new ArrayDeque<>();
        stack.push(new Object[] {root, graph.successors(root, true).iterator()});
        state.put(root, 1);
        while (!stack.isEmpty()) {
            Object[] frame = stack.peek();
            @SuppressWarnings("unchecked")
            Iterator<String> it = (Iterator<String>) frame[1];
            if (it.hasNext()) {
                String next = it.next();
                int s = state.getOrDefault(next, 0);
                if (s == 1) {
                    return next;
                }
                if (s == 0) {
                    state.put(next, 1);
                    stack.push(new Object[] {next, graph.successors(next, true).iterator()});
                }
            } else {
                state.put((String) frame[0], 2);
                stack.pop();
            }
        }
        return null;
    }

    private String single(FunctionDesign design, NodeType type, List<DesignProblem> problems) {
        List<NodeDesign> found = design.nodesOfType(type);
        if (found.size() != 1) {
            problems.add(new DesignProblem(
                    found.isEmpty() ? null : found.get(1).nodeKey(),
                    found.isEmpty()
                            ? "MISSING_" + type.name().toUpperCase(Locale.ROOT)
                            : "MULTIPLE_" + type.name().toUpperCase(Locale.ROOT),
                    "a workflow needs exactly one " + type + " node, found " + found.size()));
            return null;
        }
        return found.get(0).nodeKey();
    }

    /** Every node inside some ForEach body: reachable from a 'body' connection's target. */
    private Set<String> loopBodies(
            FunctionDesign design, Graph graph, Map<String, NodeDesign> nodes, List<DesignProblem> problems) {
        Set<String> body = new HashSet<>();
        for (NodeDesign loop : design.nodesOfType(NodeType.ForEach)) {
            for (Connection c : design.outgoing(loop.nodeKey())) {
                if (c.hasLabel(BODY) && nodes.containsKey(c.targetNodeKey())) {
                    Set<String> inner = graph.reachableFrom(c.targetNodeKey(), true);
                    if (inner.contains(loop.nodeKey())) {
                        problems.add(new DesignProblem(
                                loop.nodeKey(), "LOOP_BODY_ESCAPES", "the loop body leads back to its ForEach"));
                    }
                    body.addAll(inner);
                    checkBodyEntries(design, loop.nodeKey(), inner, problems);
                }
            }
        }
        return body;
    }

    /**
     * A body runs once per item, started only by its ForEach: a connection into it from a node
     * outside it would run part of the body outside any iteration (and join it with the loop's own).
     */
    private static void checkBodyEntries(
            FunctionDesign design, String loopKey, Set<String> inner, List<DesignProblem> problems) {
        for (Connection c : design.connections()) {
            boolean fromOutside =
                    !inner.contains(c.sourceNodeKey()) && !(c.sourceNodeKey().equals(loopKey) && c.hasLabel(BODY));
            if (fromOutside && inner.contains(c.targetNodeKey())) {
                problems.add(new DesignProblem(
                        c.targetNodeKey(),
                        "LOOP_BODY_ENTERED",
                        "node '" + c.targetNodeKey()
                                + "' is inside the body of ForEach '" + loopKey + "' but is also reached from '"
                                + c.sourceNodeKey() + "' outside it"));
            }
        }
    }

    private void checkReferences(
            Map<String, NodeDesign> nodes, Graph graph, Set<String> body, List<DesignProblem> problems) {
        for (NodeDesign node : nodes.values()) {
            Set<String> upstream = graph.reaching(node.nodeKey());
            upstream.remove(node.nodeKey());
            for (FieldDesign field : node.fieldDesigns()) {
                for (String root : References.roots(field)) {
                    if ("loop".equals(root) && !body.contains(node.nodeKey())) {
                        problems.add(new DesignProblem(
                                node.nodeKey(),
                                "LOOP_OUTSIDE_BODY",
                                "field '" + field.fieldName() + "' reads loop.* outside a ForEach body"));
                    } else if (!SCOPE_ROOTS.contains(root) && !upstream.contains(root)) {
                        problems.add(new DesignProblem(
                                node.nodeKey(),
                                "INVALID_REFERENCE",
                                "field '" + field.fieldName() + "' refers to '" + root
                                        + "', which is not an upstream node, input.* or sys.*"));
                    }
                }
            }
        }
    }

    /** Adjacency over the known nodes; connections to unknown nodes are ignored here. */
    private static final class Graph {
        final Set<String> keys;
        final Map<String, List<Connection>> out = new HashMap<>();
        final Map<String, List<String>> in = new HashMap<>();

        Graph(FunctionDesign design, Set<String> keys) {
            this.keys = keys;
            for (Connection c : design.connections()) {
                if (keys.contains(c.sourceNodeKey()) && keys.contains(c.targetNodeKey())) {
                    out.computeIfAbsent(c.sourceNodeKey(), k -> new ArrayList<>())
                            .add(c);
                    in.computeIfAbsent(c.targetNodeKey(), k -> new ArrayList<>())
                            .add(c.sourceNodeKey());
                }
            }
        }

        List<String> successors(String key, boolean includeBody) {
            return out.getOrDefault(key, List.of()).stream()
                    .filter(c -> includeBody || !c.hasLabel(BODY))
                    .map(Connection::targetNodeKey)
                    .toList();
        }

        Set<String> reachableFrom(String start, boolean includeBody) {
            Set<String> seen = new LinkedHashSet<>();
            Deque<String> todo = new ArrayDeque<>(List.of(start));
            while (!todo.isEmpty()) {
                String key = todo.pop();
                if (seen.add(key)) {
                    todo.addAll(successors(key, includeBody));
                }
            }
            return seen;
        }

        Set<String> reaching(String target) {
            Set<String> seen = new LinkedHashSet<>();
            Deque<String> todo = new ArrayDeque<>(List.of(target));
            while (!todo.isEmpty()) {
                String key = todo.pop();
                if (seen.add(key)) {
                    todo.addAll(in.getOrDefault(key, List.of()));
                }
            }
            return seen;
        }
    }
}
