package io.aiworkflow.domain.shared;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JsonMembersTest {

    private static final JsonObject NESTED = Json.createObjectBuilder()
            .add("list", Json.createArrayBuilder().add(1).add("two\t").addNull())
            .build();

    @Test
    void anObjectWrittenMemberByMemberIsTheTextOfTheSameObjectBuilt() {
        StringBuilder out = new StringBuilder();
        JsonMembers.open(out)
                .string("name", "Node \"a\" ✓\n")
                .string("absent", null)
                .number("count", 42L)
                .number("none", (Long) null)
                .value("nested", NESTED)
                .value("missing", null)
                .close();
        JsonObject built = Json.createObjectBuilder()
                .add("name", "Node \"a\" ✓\n")
                .addNull("absent")
                .add("count", 42)
                .addNull("none")
                .add("nested", NESTED)
                .addNull("missing")
                .build();
        assertEquals(built.toString(), out.toString());
    }

    @Test
    void omittingNullsLeavesAbsentMembersOut() {
        StringBuilder out = new StringBuilder();
        JsonMembers.openOmittingNulls(out)
                .string("absent", null)
                .number("none", (Long) null)
                .value("missing", null)
                .value("kept", JsonValue.NULL)
                .string("name", "x")
                .close();
        assertEquals("{\"kept\":null,\"name\":\"x\"}", out.toString());
    }
}
