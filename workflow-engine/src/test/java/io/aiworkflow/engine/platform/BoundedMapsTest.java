package io.aiworkflow.engine.platform;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BoundedMapsTest {

    @Test
    void aFloodOfOneOffEntriesStaysWithinTheBoundAndKeepsWhatIsInUse() {
        Map<String, Integer> map = BoundedMaps.of(100);
        map.put("in use", 0);
        for (int i = 0; i < 20_000; i++) {
            map.put("one-off " + i, i);
            map.get("in use");
        }
        assertTrue(map.size() <= 100, "entries: " + map.size());
        // a map cleared when full would have dropped it with the rest, and every caller would read it again
        assertEquals(0, map.get("in use"));
    }
}
