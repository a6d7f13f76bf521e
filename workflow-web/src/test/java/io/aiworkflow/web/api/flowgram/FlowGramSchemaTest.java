package io.aiworkflow.web.api.flowgram;

import io.aiworkflow.domain.definition.FunctionDesign;
import io.aiworkflow.domain.definition.FunctionDesignReader;
import io.aiworkflow.domain.definition.WorkflowValidator;
import io.aiworkflow.domain.shared.Jsons;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** FlowGram documents as the platform's designs: what each value, node and edge becomes. */
class FlowGramSchemaTest {

    private static JsonObject json(String singleQuoted) {
        return Jsons.parseObject(singleQuoted.replace('\'', '"'));
    }

    private static FlowGramSchema.Translation translate(String document) {
        return FlowGramSchema.translate(
                json(document), name -> name.equals("gpt") ? Optional.of(7L) : Optional.empty());
    }

    private static JsonObject node(JsonObject design, String key) {
        return design.getJsonArray("nodes").stream()
                .map(JsonValue::asJsonObject)
                .filter(n -> n.getString("nodeKey").equals(key))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no node " + key + " in " + design));
    }

    private static JsonObject field(JsonObject node, String name) {
        return node.getJsonArray("fieldDesigns").stream()
                .map(JsonValue::asJsonObject)
                .filter(f -> f.getString("fieldName").equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no field " + name + " in " + node));
    }

    @Test
    void valuesBecomeFieldsAndReferencesFollowWhatTheyNameHere() {
        FlowGramSchema.Translation t = translate("{'nodes':["
                + "{'id':'start_0','type':'start','data':{'outputs':{'type':'object','properties':"
                + "{'q':{'type':'string','default':'hi'},'n':{'type':'integer'}},'required':['q']}}},"
                + "{'id':'llm_0','type':'llm','data':{'title':'Ask','inputsValues':{"
                + "'modelName':{'type':'constant','content':'gpt'},'apiKey':{'type':'constant','content':'sk-x'},"
                + "'prompt':{'type':'template','content':'Say {{start_0.q}}'}}}},"
                + "{'id':'end_0','type':'end','data':{'inputsValues':{"
                + "'answer':{'type':'ref','content':['llm_0','result']},"
                + "'text':{'type':'template','content':'{{ llm_0.result }}!'}}}}],"
                + "'edges':[{'sourceNodeID':'start_0','targetNodeID':'llm_0'},"
                + "{'sourceNodeID':'llm_0','targetNodeID':'end_0'}]}");

        assertTrue(t.valid(), t.problems().toString());
        JsonObject q = field(node(t.design(), "start_0"), "q");
        assertEquals(json("{'fieldType':'String','isRequired':true,'default':'hi'}"), q.get("value"));
        assertEquals(
                "Number",
                field(node(t.design(), "start_0"), "n").getJsonObject("value").getString("fieldType"));
        JsonObject llm = node(t.design(), "llm_0");
        assertEquals("AiChat", llm.getString("nodeType"));
        assertEquals("Ask", llm.getString("name"));
        assertEquals(7, field(llm, "modelId").getInt("value"), "the team's model of that name");
        assertTrue(!llm.toString().contains("sk-x"), "the document's key is not kept");
        assertEquals("Say {{start_0.q}}", field(llm, "prompt").getString("value"));
        JsonObject end = node(t.design(), "end_0");
        assertEquals(
                json("{'fieldName':'answer','expressionType':'Variable','value':'llm_0.answer'}"),
                field(end, "answer"));
        assertEquals("{{llm_0.answer}}!", field(end, "text").getString("value"));
        FunctionDesign design = FunctionDesignReader.read(t.design());
        assertEquals(List.of(), new WorkflowValidator().validate(design));
    }

    @Test
    void aLoopIsAForEachWhoseOutputsAreCollectedPerIteration() {
        FlowGramSchema.Translation t = translate(
                "{'nodes':["
                        + "{'id':'start_0','type':'start','data':{'outputs':{'type':'object','properties':{'xs':{'type':'array'}}}}},"
                        + "{'id':'loop_0','type':'loop','data':{'loopFor':{'type':'ref','content':['start_0','xs']},"
                        + "'loopOutputs':{'sq':{'type':'ref','content':['c_0','sq']}}},"
                        + "'blocks':[{'id':'bs','type':'block-start','data':{}},"
                        + "{'id':'c_0','type':'code','data':{'inputsValues':{'x':{'type':'ref','content':['loop_0_locals','item']}},"
                        + "'script':{'language':'javascript','content':'function main({params}) { return {sq: params.x * params.x}; }'}}},"
                        + "{'id':'be','type':'block-end','data':{}}],"
                        + "'edges':[{'sourceNodeID':'bs','targetNodeID':'c_0'},{'sourceNodeID':'c_0','targetNodeID':'be'}]},"
                        + "{'id':'end_0','type':'end','data':{'inputsValues':{'all':{'type':'ref','content':['loop_0','sq']}}}},"
                        + "{'id':'note','type':'comment','data':{}}],"
                        + "'edges':[{'sourceNodeID':'start_0','targetNodeID':'loop_0'},{'sourceNodeID':'loop_0','targetNodeID':'end_0'}]}");

        assertTrue(t.valid(), t.problems().toString());
        assertEquals("ForEach", node(t.design(), "loop_0").getString("nodeType"));
        assertEquals("start_0.xs", field(node(t.design(), "loop_0"), "items").getString("value"));
        assertEquals("loop.item", field(node(t.design(), "c_0"), "x").getString("value"));
        assertEquals("c_0.sq", field(node(t.design(), "loop_0_outputs"), "sq").getString("value"));
        assertEquals(
                Jsons.object()
                        .add("fieldName", "all")
                        .add("expressionType", "JsonPath")
                        .add("value", "$['loop_0'].results[*]['sq']")
                        .build(),
                field(node(t.design(), "end_0"), "all"));
        assertTrue(t.design()
                .getJsonArray("connections")
                .contains(json("{'sourceNodeKey':'loop_0','targetNodeKey':'c_0','label':'body'}")));
        assertTrue(t.design()
                .getJsonArray("connections")
                .contains(json("{'sourceNodeKey':'c_0','targetNodeKey':'loop_0_outputs'}")));
        assertTrue(t.design().toString().indexOf("note") < 0, "comments are left out");
        assertEquals(List.of(), new WorkflowValidator().validate(FunctionDesignReader.read(t.design())));
    }

    @Test
    void whatCannotRunHereIsAProblemNamingItsNode() {
        FlowGramSchema.Translation t = translate("{'nodes':["
                + "{'id':'start_0','type':'start','data':{}},"
                + "{'id':'h','type':'http','data':{}},"
                + "{'id':'l','type':'llm','data':{'inputsValues':{'modelName':{'type':'constant','content':'claude'}}}},"
                + "{'id':'e','type':'end','data':{'inputsValues':{"
                + "'g':{'type':'ref','content':['global','x']},'x':{'type':'expression','content':'1+1'}}}}],"
                + "'edges':[{'sourceNodeID':'start_0','targetNodeID':'ghost'}]}");

        assertTrue(!t.valid());
        String problems = String.join("\n", t.problems());
        assertTrue(problems.contains("node 'h': FlowGram's 'http' node has no counterpart"), problems);
        assertTrue(problems.contains("node 'l': the team has no model named 'claude'"), problems);
        assertTrue(problems.contains("node 'e': 'g' refers to a global variable"), problems);
        assertTrue(problems.contains("node 'e': the value of 'x' is a FlowGram 'expression'"), problems);
        assertTrue(problems.contains("unknown node 'ghost'"), problems);
        assertEquals(null, t.design());
        assertEquals(
                List.of("the schema needs 'nodes' and 'edges' arrays"),
                translate("{'nodes':[]}").problems());
    }
}
