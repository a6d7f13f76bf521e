package io.aiworkflow.domain.shared;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class JsonsTest {

    @Test
    void parsesAnyJsonValue() {
        assertEquals(3, Jsons.parse(" [1,2,3] ").asJsonArray().size());
        assertEquals(JsonValue.TRUE, Jsons.parse("true"));
        assertEquals("x", Jsons.parseObject("{\"a\":\"x\"}").getString("a"));
        assertEquals(JsonValue.NULL, Jsons.parseStored(null));
    }

    @Test
    void malformedJsonIsInvalidJsonWithItsLineAndColumn() {
        WorkflowException e = assertThrows(WorkflowException.class, () -> Jsons.parse("{\n  \"a\": 1,\n  \"b\": }"));
        assertEquals(ErrorCode.INVALID_JSON, e.code());
        assertEquals(400, e.code().httpStatus());
        assertEquals(
                3L, ((Number) e.details().get("line")).longValue(), e.details().toString());
        long column = ((Number) e.details().get("column")).longValue();
        assertEquals(true, column >= 7 && column <= 9, "column " + column);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "{", "{\"a\" 1}", "[1,]", "nul", "{} {}", "'single'"})
    void everyMalformedTextIsInvalidJson(String text) {
        assertEquals(
                ErrorCode.INVALID_JSON,
                assertThrows(WorkflowException.class, () -> Jsons.parse(text)).code());
    }

    @Test
    void nestingDeeperThanTheLimitIsInvalidJsonBeforeParsing() {
        WorkflowException e = assertThrows(WorkflowException.class, () -> Jsons.parse("[".repeat(20_000)));
        assertEquals(ErrorCode.INVALID_JSON, e.code());
        assertEquals(Jsons.MAX_DEPTH, e.details().get("maxDepth"));
        String deepest = "[".repeat(Jsons.MAX_DEPTH) + "]".repeat(Jsons.MAX_DEPTH);
        assertEquals(JsonValue.ValueType.ARRAY, Jsons.parse(deepest).getValueType());
        assertEquals(
                ErrorCode.INVALID_JSON,
                assertThrows(
                                WorkflowException.class,
                                () -> Jsons.parse(
                                        "{\"a\":" + "[".repeat(Jsons.MAX_DEPTH) + "]".repeat(Jsons.MAX_DEPTH) + "}"))
                        .code());
        // brackets inside strings (escaped quotes included) are text, not nesting
        String text = "{\"a\":\"\\\"" + "[".repeat(5_000) + "\"}";
        assertEquals(5_001, Jsons.parseObject(text).getString("a").length());
    }

    @Test
    void parseObjectRefusesOtherValues() {
        for (String text : new String[] {"[{\"a\":1}]", "\"text\"", "42", "null"}) {
            WorkflowException e = assertThrows(
                    WorkflowException.class,
                    () -> {
                        JsonObject ignored = Jsons.parseObject(text);
                    },
                    text);
            assertEquals(ErrorCode.VALIDATION_ERROR, e.code(), text);
        }
    }

    @Test
    void appendsTheTextToStringWrites() {
        JsonValue value = Jsons.parse(
                "{\"a\":[1,2.50,-3e2,true,null],\"b\":{\"c\":\"quote \\\" slash \\\\ tab \\t é 😀 \\u0001\"},\"d\":{}}");
        StringBuilder out = new StringBuilder("[");
        Jsons.appendTo(value, out);
        out.append(',');
        Jsons.appendTo(Jsons.string("x\ny"), out);
        assertEquals("[" + value + "," + Jsons.string("x\ny"), out.toString());
        StringBuilder large = new StringBuilder();
        JsonValue big = Jsons.string("z".repeat(100_000));
        Jsons.appendTo(big, large);
        assertEquals(big.toString(), large.toString());
    }

    @Test
    void appendsEveryCharacterAndNumberAsToStringDoes() {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0x100; c++) {
            all.append(c);
        }
        all.append("\u2028\u2029\ud83d\ude00\ud800 end");
        JsonObject value = Jsons.object()
                .add(all.toString(), all.toString())
                .add(
                        "numbers",
                        Jsons.array()
                                .add(0)
                                .add(-7L)
                                .add(Long.MAX_VALUE)
                                .add(0.1)
                                .add(1e300)
                                .add(new java.math.BigDecimal("1.50E-7"))
                                .add(new java.math.BigInteger("123456789012345678901234567890")))
                .add(
                        "nested",
                        Jsons.array().add(Jsons.array()).add(Jsons.EMPTY_OBJECT).addNull())
                .add("flags", Jsons.array().add(true).add(false))
                .build();
        StringBuilder out = new StringBuilder();
        Jsons.appendTo(value, out);
        assertEquals(value.toString(), out.toString());
        assertEquals(value, Jsons.parse(out.toString()));
    }
}
