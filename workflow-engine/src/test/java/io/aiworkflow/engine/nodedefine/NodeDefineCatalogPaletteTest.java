package io.aiworkflow.engine.nodedefine;

import io.aiworkflow.domain.definition.NodeType;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The graph editor's palette: every node type once, with the fields its side panel offers. */
class NodeDefineCatalogPaletteTest {

    private final List<NodeDefine> palette = new NodeDefineCatalog().palette();

    @Test
    void offersEveryNodeTypeOnceInTheirOrder() {
        assertEquals(
                Arrays.stream(NodeType.values()).map(Enum::name).toList(),
                palette.stream().map(NodeDefine::nodeType).toList());
    }

    @Test
    void addsTheCommonSettingsToEveryTypeButStartAndEnd() {
        for (NodeDefine d : palette) {
            boolean common = fieldNames(d).contains("onError");
            boolean edge = d.nodeType().equals("Start") || d.nodeType().equals("End");
            assertEquals(!edge, common, d.nodeType());
        }
    }

    @Test
    void namesNoRegistryEntry() {
        NodeDefine plugin = palette.stream()
                .filter(d -> d.nodeType().equals("Plugin"))
                .findFirst()
                .orElseThrow();
        assertNull(plugin.pluginId());
        assertTrue(fieldNames(plugin).contains("pluginId"));
        assertFalse(palette.stream().anyMatch(d -> d.modelId() != null || d.wikiId() != null));
    }

    private static List<String> fieldNames(NodeDefine d) {
        return d.inputFields().stream().map(FieldDefine::fieldName).toList();
    }
}
