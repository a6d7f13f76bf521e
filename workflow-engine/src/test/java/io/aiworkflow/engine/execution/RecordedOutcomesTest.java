package io.aiworkflow.engine.execution;

import io.aiworkflow.engine.support.J;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Only the latest attempt of a retried loop or sub-workflow node counts when a run resumes. */
class RecordedOutcomesTest {

    private static ResumePoint.EndedNode done(String echo) {
        return new ResumePoint.EndedNode(true, J.obj("{'echo':'" + echo + "'}"), null);
    }

    @Test
    void theLatestAttemptOfEachEnclosingNodeIsKeptUnderAttemptOne() {
        Map<String, Map<String, ResumePoint.EndedNode>> byScope = new RecordedOutcomes()
                .add("", "start", done("top"))
                .add("each#1[1]/", "a", done("outer attempt 1"))
                .add("each#1[1]/sub#3/", "c", done("inside the failed outer attempt"))
                .add("each#2[1]/", "a", done("outer attempt 2"))
                .add("each#2[1]/sub#1/", "c", done("inner attempt 1"))
                .add("each#2[1]/sub#2/", "c", done("inner attempt 2"))
                .add("each#2[2]/", "a", done("second iteration"))
                .byScope();

        assertEquals(Set.of("", "each#1[1]/", "each#1[1]/sub#1/", "each#1[2]/"), byScope.keySet());
        assertEquals(done("outer attempt 2"), byScope.get("each#1[1]/").get("a"));
        assertEquals(done("inner attempt 2"), byScope.get("each#1[1]/sub#1/").get("c"));
        assertEquals(done("second iteration"), byScope.get("each#1[2]/").get("a"));
    }

    @Test
    void keysThatLookLikeScopesCannotForgeOne() {
        // GraphPosition encodes keys: a node named "a#9[1]" is "a%239%5B1%5D#1/", not iteration 1 of "a"
        String forged = URLEncoder.encode("a#9[1]", StandardCharsets.UTF_8) + "#1/";
        Map<String, Map<String, ResumePoint.EndedNode>> byScope = new RecordedOutcomes()
                .add("a#1[1]/", "x", done("iteration"))
                .add(forged, "x", done("sub-workflow"))
                .byScope();
        assertEquals(done("iteration"), byScope.get("a#1[1]/").get("x"));
        assertEquals(done("sub-workflow"), byScope.get(forged).get("x"));
    }
}
