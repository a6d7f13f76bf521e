package io.aiworkflow.domain.shared;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Typed reads name the offending field in {@code details.field}. */
class JsonFieldsTest {

    private static final JsonObject O = Jsons.parseObject("""
            {"name":"Ann","blank":"  ","n":42,"big":12345678901234567890,"half":1.5,"numeric":" 7 ",
             "word":"seven","yes":true,"no":false,"nothing":null,"list":[1]}""");

    private static void assertFails(String field, String messagePart, Executable read) {
        WorkflowException e = assertThrows(WorkflowException.class, read);
        assertEquals(ErrorCode.VALIDATION_ERROR, e.code());
        assertEquals(field, e.details().get("field"));
        assertTrue(e.getMessage().startsWith(field + " ") && e.getMessage().contains(messagePart), e.getMessage());
    }

    @Test
    void strings() {
        assertEquals("Ann", JsonFields.string(O, "name", true, 3));
        assertEquals("  ", JsonFields.string(O, "blank", false, 10));
        assertNull(JsonFields.string(O, "absent", false, 10));
        assertNull(JsonFields.string(O, "nothing", false, 10));
        assertFails("absent", "required", () -> JsonFields.string(O, "absent", true, 10));
        assertFails("nothing", "required", () -> JsonFields.string(O, "nothing", true, 10));
        assertFails("blank", "required", () -> JsonFields.string(O, "blank", true, 10));
        assertFails("name", "longer than 2", () -> JsonFields.string(O, "name", true, 2));
        assertFails("n", "a string", () -> JsonFields.string(O, "n", false, 10));
    }

    @Test
    void longs() {
        assertEquals(42L, JsonFields.longValue(O, "n", true));
        assertEquals(7L, JsonFields.longValue(O, "numeric", true), "numeric strings are accepted");
        assertNull(JsonFields.longValue(O, "absent", false));
        assertFails("absent", "required", () -> JsonFields.longValue(O, "absent", true));
        assertFails("half", "an integer", () -> JsonFields.longValue(O, "half", true));
        assertFails("big", "an integer", () -> JsonFields.longValue(O, "big", true));
        assertFails("word", "an integer", () -> JsonFields.longValue(O, "word", true));
        assertFails("list", "an integer", () -> JsonFields.longValue(O, "list", false));
    }

    @Test
    void booleans() {
        assertEquals(true, JsonFields.bool(O, "yes", true));
        assertEquals(false, JsonFields.bool(O, "no", true));
        assertNull(JsonFields.bool(O, "nothing", false));
        assertFails("nothing", "required", () -> JsonFields.bool(O, "nothing", true));
        assertFails("word", "a boolean", () -> JsonFields.bool(O, "word", false));
        assertFails("n", "a boolean", () -> JsonFields.bool(O, "n", false));
    }
}
