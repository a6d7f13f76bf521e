package io.aiworkflow.domain.definition;

import io.aiworkflow.domain.shared.ErrorCode;
import io.aiworkflow.domain.shared.WorkflowException;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.aiworkflow.domain.definition.Designs.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Saving a draft checks only its shape: every shape problem is listed, graph rules are not checked. */
class FunctionDesignReaderTest {

    private static List<?> problems(String text) {
        WorkflowException e = assertThrows(WorkflowException.class, () -> FunctionDesignReader.read(json(text)));
        assertEquals(ErrorCode.VALIDATION_ERROR, e.code());
        Object problems = e.details().get("problems");
        assertTrue(problems instanceof List<?>, "details.problems is a list: " + e.details());
        assertTrue(e.getMessage().contains(String.valueOf(((List<?>) problems).get(0))), e.getMessage());
        return (List<?>) problems;
    }

    @Test
    void nullOrAbsentIsAnEmptyDesign() {
        for (JsonValue empty : new JsonValue[] {null, JsonValue.NULL, json("{}"), json("{'nodes':null}")}) {
            FunctionDesign design = FunctionDesignReader.read(empty);
            assertEquals(List.of(), design.nodes(), String.valueOf(empty));
            assertEquals(List.of(), design.connections(), String.valueOf(empty));
        }
    }

    @Test
    void readsNodesFieldsAndConnections() {
        FunctionDesign design = FunctionDesignReader.read(json("""
                {'nodes':[
                   {'nodeKey':'start','nodeType':'Start','name':'Begin'},
                   {'nodeKey':'a','nodeType':'AiChat','description':'asks',
                    'fieldDesigns':[{'fieldName':'prompt','expressionType':'Variable','value':'input.q'},
                                    {'fieldName':'temperature','value':0.5}]}],
                 'connections':[{'sourceNodeKey':'start','targetNodeKey':'a'},
                                {'sourceNodeKey':'a','targetNodeKey':'start','label':'error'}]}"""));
        assertEquals(2, design.nodes().size());
        NodeDesign a = design.node("a").orElseThrow();
        assertEquals(NodeType.AiChat, a.type());
        assertEquals("asks", a.description());
        assertEquals("Begin", design.node("start").orElseThrow().displayName());
        assertEquals(ExpressionType.Variable, a.field("prompt").orElseThrow().expression());
        assertEquals("input.q", a.field("prompt").orElseThrow().text());
        assertEquals(ExpressionType.Fixed, a.field("temperature").orElseThrow().expression(), "Fixed by default");
        assertEquals(
                List.of(new Connection("start", "a", null), new Connection("a", "start", "error")),
                design.connections());
    }

    @Test
    void keysNamesAndLabelsFitTheirHistoryColumns() {
        String longKey = "k".repeat(201);
        List<?> problems = problems("{'nodes':[{'nodeKey':'" + longKey + "','nodeType':'Start','name':'"
                + "n".repeat(250)
                + "'},{'nodeKey':'a\\u0000b','nodeType':'End'}],"
                + "'connections':[{'sourceNodeKey':'x','targetNodeKey':'y','label':'" + "l".repeat(201) + "'}]}");
        assertEquals(
                List.of(
                        "nodes[0].nodeKey is longer than 200 characters",
                        "nodes[0].name is longer than 200 characters",
                        "nodes[1].nodeKey contains a control character",
                        "connections[0].label is longer than 200 characters"),
                problems);
        FunctionDesignReader.read(json("{'nodes':[{'nodeKey':'" + "k".repeat(200) + "','nodeType':'Start'}]}"));
    }

    @Test
    void aDesignThatIsNotAnObject() {
        assertEquals(List.of("must be an object"), problems("[]"));
    }

    @Test
    void listsEveryShapeProblem() {
        List<?> problems = problems("""
                {'nodes':[
                   1,
                   {'nodeType':'Start'},
                   {'nodeKey':'a','nodeType':'AiChat','fieldDesigns':{'fieldName':'prompt'}},
                   {'nodeKey':'b','nodeType':'AiChat','fieldDesigns':['x',{'value':1}]}],
                 'connections':{}}""");
        assertEquals(
                List.of(
                        "nodes[0] must be an object",
                        "nodes[1].nodeKey is required",
                        "nodes[2].fieldDesigns must be an array",
                        "nodes[3].fieldDesigns[0] must be an object",
                        "nodes[3].fieldDesigns[1].fieldName is required",
                        "functionDesign.connections must be an array"),
                problems);
    }

    @Test
    void nodesMustBeAnArrayAndConnectionsNeedBothEnds() {
        assertEquals(
                List.of(
                        "functionDesign.nodes must be an array",
                        "connections[0].targetNodeKey is required",
                        "connections[1] must be an object"),
                problems("{'nodes':{'start':{}},'connections':[{'sourceNodeKey':'a'},'a->b']}"));
    }

    @Test
    void aValueOfTheWrongTypeIsNotAlsoReportedAsMissing() {
        assertEquals(
                List.of("nodes[0].nodeKey must be a string", "nodes[0].name must be a string"),
                problems("{'nodes':[{'nodeKey':7,'nodeType':'Start','name':true}]}"));
    }

    @Test
    void draftsMayUseUnknownNodeAndExpressionTypes() {
        FunctionDesign design = FunctionDesignReader.read(json("""
                {'nodes':[{'nodeKey':'x','nodeType':'Teleport',
                           'fieldDesigns':[{'fieldName':'where','expressionType':'Telepathy','value':'mars'}]}]}"""));
        NodeDesign node = design.nodes().get(0);
        assertEquals("Teleport", node.nodeType());
        assertNull(node.type());
        FieldDesign field = node.fieldDesigns().get(0);
        assertEquals("Telepathy", field.expressionType());
        assertNull(field.expression());
        assertEquals("mars", field.text());
    }
}
