package io.aiworkflow.engine.history;

import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.engine.event.TokenUsage;
import io.aiworkflow.engine.history.InstanceViews.Tokens;
import io.aiworkflow.engine.projection.ColumnText;
import jakarta.json.JsonValue;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Values as the history columns keep them, so that what the writer binds is what a read of the row
 * gives back: a run answered from what its commit wrote must read the same as one read from the
 * database.
 */
final class StoredValues {

    private StoredValues() {}

    /** PostgreSQL keeps microseconds; the driver rounds the nanoseconds half up to them. */
    static Instant time(Instant t) {
        return t == null ? null : Instant.ofEpochSecond(t.getEpochSecond(), (t.getNano() + 500L) / 1000 * 1000);
    }

    /** A stored time as the read models give it. */
    static OffsetDateTime readTime(Instant t) {
        return t == null ? null : time(t).atOffset(ZoneOffset.UTC);
    }

    static void bindTime(PreparedStatement ps, int index, Instant t) throws SQLException {
        if (t == null) {
            ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setTimestamp(index, Timestamp.from(time(t)));
        }
    }

    static void bindUsage(PreparedStatement ps, int from, TokenUsage u) throws SQLException {
        ps.setLong(from, u.promptTokens());
        ps.setLong(from + 1, u.completionTokens());
        ps.setLong(from + 2, u.totalTokens());
        ps.setLong(from + 3, u.embeddingTokens());
        ps.setLong(from + 4, u.rerankTokens());
    }

    /** Token counts as the read models give them. */
    static Tokens tokens(TokenUsage u) {
        return new Tokens(
                u.promptTokens(), u.completionTokens(), u.totalTokens(), u.embeddingTokens(), u.rerankTokens());
    }

    /** A JSON value in a text column: its text without NUL characters, and the value that text reads as. */
    record JsonText(String text, JsonValue value) {

        static JsonText of(JsonValue value) {
            if (value == null) {
                return new JsonText(null, null);
            }
            String raw = Jsons.write(value);
            String clean = ColumnText.clean(raw);
            // JSON escapes a NUL inside a string, so text is cleaned only when it holds one raw
            return new JsonText(clean, clean == raw ? value : Jsons.parse(clean));
        }
    }
}
