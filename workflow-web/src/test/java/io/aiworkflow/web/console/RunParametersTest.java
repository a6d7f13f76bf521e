package io.aiworkflow.web.console;

import io.aiworkflow.domain.shared.ErrorCode;
import io.aiworkflow.domain.shared.WorkflowException;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunParametersTest {

    private static final String DESIGN = """
            {"nodes": [
              {"nodeKey": "start", "nodeType": "Start", "fieldDesigns": [
                {"fieldName": "name", "expressionType": "Fixed", "value": {"fieldType": "String", "isRequired": true}},
                {"fieldName": "n", "expressionType": "Fixed", "value": {"fieldType": "Number", "isRequired": true, "default": 3}},
                {"fieldName": "loud", "expressionType": "Fixed", "value": {"fieldType": "Boolean", "default": true}},
                {"fieldName": "tags", "expressionType": "Fixed", "value": {"fieldType": "Array", "description": "labels"}},
                {"fieldName": "any", "expressionType": "Fixed", "value": {"fieldType": "Dynamic"}},
                {"fieldName": "timeoutMs", "expressionType": "Fixed", "value": 1000}]},
              {"nodeKey": "end", "nodeType": "End", "fieldDesigns": []}],
             "connections": [{"sourceNodeKey": "start", "targetNodeKey": "end"}]}""";

    @Test
    void startDeclarationsBecomeFieldsAndSettingsAreLeftOut() {
        List<ParameterField> fields = RunParameters.fields(DESIGN);
        assertEquals(
                List.of("name", "n", "loud", "tags", "any"),
                fields.stream().map(ParameterField::getName).toList());
        assertTrue(fields.get(0).isMustFill());
        assertFalse(fields.get(1).isMustFill(), "a default makes a required parameter optional in the form");
        assertEquals("3", fields.get(1).getDefaultText());
        assertEquals("boolean", fields.get(2).getInputKind());
        assertTrue(fields.get(2).isFlag(), "the checkbox starts at the default");
        assertEquals("json", fields.get(3).getInputKind());
        assertEquals("labels", fields.get(3).getDescription());
    }

    @Test
    void textBecomesTheDeclaredTypeAndBlanksAreLeftToTheEngine() {
        List<ParameterField> fields = RunParameters.fields(DESIGN);
        fields.get(0).setText("Ada");
        fields.get(1).setText(" 42.5 ");
        fields.get(3).setText("[\"a\", 1]");
        fields.get(4).setText("plain words");
        JsonObject json = RunParameters.toJson(fields);
        assertEquals("Ada", json.getString("name"));
        assertEquals(42.5, json.getJsonNumber("n").doubleValue());
        assertTrue(json.getBoolean("loud"));
        assertEquals(2, json.getJsonArray("tags").size());
        assertEquals("plain words", json.getString("any"));

        fields.get(0).setText("  ");
        fields.get(4).setText("{\"k\": true}");
        json = RunParameters.toJson(fields);
        assertFalse(json.containsKey("name"));
        assertTrue(json.getJsonObject("any").getBoolean("k"));
    }

    @Test
    void mistypedTextIsAValidationError() {
        List<ParameterField> fields = RunParameters.fields(DESIGN);
        fields.get(1).setText("many");
        WorkflowException e = assertThrows(WorkflowException.class, () -> RunParameters.toJson(fields));
        assertEquals(ErrorCode.VALIDATION_ERROR, e.code());
        assertTrue(e.getMessage().contains("n: must be a number"), e.getMessage());
        fields.get(1).setText("1");
        fields.get(3).setText("{\"not\": \"an array\"}");
        assertThrows(WorkflowException.class, () -> RunParameters.toJson(fields));
    }
}
