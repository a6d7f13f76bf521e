package io.aiworkflow.engine.node.builtin;

import io.aiworkflow.engine.node.NodeFailure;
import io.aiworkflow.engine.support.J;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The Condition node's comparison operators. */
class ConditionOperatorsTest {

    private static boolean t(String left, String op, String right) {
        return ConditionOperators.test(J.json(left), op, right == null ? JsonValue.NULL : J.json(right));
    }

    @Test
    void equality() {
        assertEquals(true, t("3", "equals", "3.0"));
        assertEquals(true, t("3", "equals", "'3'"));
        assertEquals(true, t("'a'", "equals", "'a'"));
        assertEquals(false, t("'a'", "equals", "'b'"));
        assertEquals(true, t("'a'", "not_equals", "'b'"));
        assertEquals(true, t("{'a':1}", "equals", "{'a':1}"));
        assertEquals(true, t("null", "equals", null));
    }

    @Test
    void flowGramsNamesMeanTheSame() {
        assertEquals(true, t("3", "eq", "'3'"));
        assertEquals(true, t("'a'", "neq", "'b'"));
        assertEquals(true, t("2", "in", "[1,2]"));
        assertEquals(true, t("5", "nin", "[1,2]"));
        assertEquals(false, t("2", "nin", "[1,2]"));
    }

    @Test
    void textAndCollections() {
        assertEquals(true, t("'hello world'", "contains", "'lo w'"));
        assertEquals(true, t("[1,2,3]", "contains", "2"));
        assertEquals(true, t("{'k':1}", "contains", "'k'"));
        assertEquals(true, t("'abc'", "not_contains", "'x'"));
        assertEquals(true, t("'abc'", "starts_with", "'ab'"));
        assertEquals(true, t("'abc'", "ends_with", "'bc'"));
        assertEquals(true, t("2", "in", "[1,2]"));
        assertEquals(false, t("5", "in", "[1,2]"));
    }

    @Test
    void emptinessAndTruth() {
        for (String empty : new String[] {"null", "''", "[]", "{}"}) {
            assertEquals(true, t(empty, "is_empty", null), empty);
            assertEquals(false, t(empty, "is_not_empty", null), empty);
        }
        assertEquals(true, t("'x'", "is_not_empty", null));
        assertEquals(true, t("true", "is_true", null));
        assertEquals(true, t("'true'", "is_true", null));
        assertEquals(false, t("1", "is_true", null));
        assertEquals(true, t("false", "is_false", null));
    }

    @Test
    void ordering() {
        assertEquals(true, t("5", "gt", "3"));
        assertEquals(true, t("'10'", "gt", "9"), "numeric strings compare as numbers");
        assertEquals(true, t("3", "gte", "3"));
        assertEquals(true, t("2", "lt", "3"));
        assertEquals(true, t("3", "lte", "3"));
        assertEquals(true, t("'b'", "gt", "'a'"));
        assertEquals(false, t("null", "lt", "3"), "nothing orders against a missing value");
        assertEquals(false, t("null", "gte", "3"));
    }

    @Test
    void unknownOperatorIsAValidationError() {
        NodeFailure f = assertThrows(NodeFailure.class, () -> t("1", "approximately", "1"));
        assertEquals("VALIDATION_ERROR", f.code());
    }
}
