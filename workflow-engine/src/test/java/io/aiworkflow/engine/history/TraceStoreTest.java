package io.aiworkflow.engine.history;

import io.aiworkflow.domain.model.security.Role;
import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.engine.security.Caller;
import io.aiworkflow.engine.support.J;
import io.aiworkflow.engine.support.Postgres;
import io.aiworkflow.engine.trace.DeflatedText;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A run's trace reads the same whichever way its rows were stored. */
class TraceStoreTest {

    private final long team = Postgres.team();
    private final Caller owner = new Caller(7L, "ada", team, Role.editor);
    private final InstanceStore instances = new InstanceStore(Postgres.migrated());
    private final TraceStore store = new TraceStore(Postgres.migrated(), instances);

    @Test
    void framesStoredAsTextBeforeTheyWereCompressedReadInOrderWithTheCompressedOnes() {
        String app = Postgres.app(team, "full");
        String id = UUID.randomUUID().toString();
        instances.open(id, app, team, "design-1", 1, Jsons.EMPTY_OBJECT, owner, "trace-store-test", Instant.now());
        // one frame per row, as the first rows were written; then a batch of two as text
        Postgres.update("insert into trace_frame (instance_id, seq, payload) values (?, 1, ?)", id, "{\"n\":1}");
        Postgres.update(
                "insert into trace_frame (instance_id, seq, last_seq, payload) values (?, 2, 3, ?)",
                id,
                "[{\"n\":2},{\"n\":3,\"text\":\"ünïcødé ✓\"}]");
        // then a batch as the writer stores it now
        Postgres.update(
                "insert into trace_frame (instance_id, seq, last_seq, payload_deflated) values (?, 4, 5, ?)",
                id,
                DeflatedText.deflate("[{\"n\":4,\"text\":\"ünïcødé ✓\"},{\"n\":5}]"));

        List<JsonValue> frames = store.trace(owner, id).getJsonArray("frames");

        assertEquals(
                List.of(
                        J.obj("{'n':1}"),
                        J.obj("{'n':2}"),
                        J.obj("{'n':3,'text':'ünïcødé ✓'}"),
                        J.obj("{'n':4,'text':'ünïcødé ✓'}"),
                        J.obj("{'n':5}")),
                frames);
    }
}
