package io.aiworkflow.web.console.graph;

import io.aiworkflow.domain.definition.Connection;
import io.aiworkflow.domain.definition.FunctionDesign;
import io.aiworkflow.domain.definition.NodeDesign;
import io.aiworkflow.engine.nodedefine.NodeDefineCatalog;
import io.aiworkflow.web.console.graph.GraphLayout.Slot;

import java.util.Map;
import java.util.Set;

/**
 * Renders a function design as one inline {@code <svg>}: a box per node (class {@code wf-node},
 * {@code data-node-key}), an arrow per connection with its label. Every text from the design is
 * XML-escaped: designs are user input and this markup is written unescaped into the page.
 */
public final class GraphSvg {

    static final int WIDTH = 170;
    static final int HEIGHT = 54;
    static final int GAP_X = 70;
    static final int GAP_Y = 26;
    static final int MARGIN = 20;

    private GraphSvg() {}

    /** @param id unique within the page: the arrow marker is referenced by id */
    public static String render(String id, FunctionDesign design) {
        return render(id, design, null);
    }

    /**
     * The same drawing for a run: with a status map every box also gets its status class
     * ({@code wf-status-…}, {@code data-status}); nodes the run has not reached yet are PENDING.
     *
     * @param statuses node key to status, or {@code null} to draw the design alone
     */
    public static String render(String id, FunctionDesign design, Map<String, NodeStatus> statuses) {
        return render(id, design, statuses, Set.of());
    }

    /** As {@link #render(String, FunctionDesign, Map)}, with the {@code problems} nodes outlined (class {@code wf-problem}). */
    public static String render(
            String id, FunctionDesign design, Map<String, NodeStatus> statuses, Set<String> problems) {
        Map<String, Slot> slots = GraphLayout.layout(design);
        int layers = slots.values().stream().mapToInt(Slot::layer).max().orElse(-1) + 1;
        int rows = slots.values().stream().mapToInt(Slot::row).max().orElse(-1) + 1;
        int width = Math.max(1, layers) * (WIDTH + GAP_X) - GAP_X + 2 * MARGIN;
        int height = Math.max(1, rows) * (HEIGHT + GAP_Y) - GAP_Y + 2 * MARGIN;
        String marker = "wf-arrow-" + escape(id);

        StringBuilder svg = new StringBuilder(1024);
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"wf-graph\" id=\"")
                .append(escape(id))
                .append("\" width=\"")
                .append(width)
                .append("\" height=\"")
                .append(height)
                .append("\" viewBox=\"0 0 ")
                .append(width)
                .append(' ')
                .append(height)
                .append("\" role=\"img\" aria-label=\"workflow graph\">")
                .append("<defs><marker id=\"")
                .append(marker)
                .append("\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\"")
                .append(" markerWidth=\"8\" markerHeight=\"8\" orient=\"auto-start-reverse\">")
                .append("<path d=\"M0,0 L10,5 L0,10 z\" fill=\"#595959\"/></marker></defs>");
        for (Connection c : design.connections()) {
            Slot from = slots.get(c.sourceNodeKey());
            Slot to = slots.get(c.targetNodeKey());
            if (from != null && to != null) {
                edge(svg, from, to, c.label(), marker);
            }
        }
        slots.values()
                .forEach(slot -> node(
                        svg,
                        slot,
                        statuses == null
                                ? null
                                : statuses.getOrDefault(slot.node().nodeKey(), NodeStatus.PENDING),
                        problems.contains(slot.node().nodeKey())));
        return svg.append("</svg>").toString();
    }

    private static void edge(StringBuilder svg, Slot from, Slot to, String label, String marker) {
        int x1 = x(from) + WIDTH;
        int y1 = y(from) + HEIGHT / 2;
        int x2 = x(to);
        int y2 = y(to) + HEIGHT / 2;
        // a backward edge (cycle in a broken draft) bends out so it does not hide under the boxes
        int bend = x2 > x1 ? (x2 - x1) / 2 : GAP_X + Math.abs(y2 - y1) / 4;
        svg.append("<path class=\"wf-edge\" d=\"M")
                .append(x1)
                .append(',')
                .append(y1)
                .append(" C")
                .append(x1 + bend)
                .append(',')
                .append(y1)
                .append(' ')
                .append(x2 - bend)
                .append(',')
                .append(y2)
                .append(' ')
                .append(x2)
                .append(',')
                .append(y2)
                .append("\" fill=\"none\" stroke=\"#8c8c8c\" stroke-width=\"1.5\" marker-end=\"url(#")
                .append(marker)
                .append(")\"/>");
        if (label != null && !label.isEmpty()) {
            svg.append("<text class=\"wf-edge-label\" x=\"")
                    .append((x1 + x2) / 2)
                    .append("\" y=\"")
                    .append((y1 + y2) / 2 - 4)
                    .append("\" text-anchor=\"middle\" font-size=\"11\" fill=\"#434343\"")
                    .append(" stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\">")
                    .append(escape(shorten(label, 18)))
                    .append("</text>");
        }
    }

    private static void node(StringBuilder svg, Slot slot, NodeStatus status, boolean problem) {
        NodeDesign node = slot.node();
        String color = NodeDefineCatalog.colorOf(node.type());
        int x = x(slot);
        int y = y(slot);
        svg.append("<g class=\"wf-node");
        if (status != null) {
            svg.append(' ').append(status.cssClass());
        }
        if (problem) {
            svg.append(" wf-problem");
        }
        svg.append("\" data-node-key=\"")
                .append(escape(node.nodeKey()))
                .append("\" data-node-type=\"")
                .append(escape(node.nodeType()));
        if (status != null) {
            svg.append("\" data-status=\"").append(status.name());
        }
        svg.append("\">")
                .append("<title>")
                .append(escape(node.nodeKey() + " (" + node.nodeType() + ")"))
                .append("</title>")
                .append("<rect x=\"")
                .append(x)
                .append("\" y=\"")
                .append(y)
                .append("\" width=\"")
                .append(WIDTH)
                .append("\" height=\"")
                .append(HEIGHT)
                .append("\" rx=\"8\" fill=\"")
                .append(color)
                .append("\" fill-opacity=\"0.12\" stroke=\"")
                .append(color)
                .append("\" stroke-width=\"2\"/>")
                .append("<rect x=\"")
                .append(x)
                .append("\" y=\"")
                .append(y)
                .append("\" width=\"6\" height=\"")
                .append(HEIGHT)
                .append("\" rx=\"3\" fill=\"")
                .append(color)
                .append("\"/>")
                .append("<text x=\"")
                .append(x + 14)
                .append("\" y=\"")
                .append(y + 22)
                .append("\" font-size=\"13\" font-weight=\"600\" fill=\"#262626\">")
                .append(escape(shorten(node.displayName(), 21)))
                .append("</text>")
                .append("<text x=\"")
                .append(x + 14)
                .append("\" y=\"")
                .append(y + 41)
                .append("\" font-size=\"11\" fill=\"#595959\">")
                .append(escape(shorten(node.nodeKey() + " · " + node.nodeType(), 26)))
                .append("</text></g>");
    }

    private static int x(Slot slot) {
        return MARGIN + slot.layer() * (WIDTH + GAP_X);
    }

    private static int y(Slot slot) {
        return MARGIN + slot.row() * (HEIGHT + GAP_Y);
    }

    private static String shorten(String text, int max) {
        String t = text == null ? "" : text;
        return t.length() <= max ? t : t.substring(0, max - 1) + "…";
    }

    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (char ch : text.toCharArray()) {
            switch (ch) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r' ? ' ' : ch);
            }
        }
        return out.toString();
    }
}
