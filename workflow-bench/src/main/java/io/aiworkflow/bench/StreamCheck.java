package io.aiworkflow.bench;

import io.aiworkflow.domain.shared.Jsons;
import jakarta.json.JsonObject;

import java.io.StringReader;
import java.util.Arrays;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Flow;
import java.util.regex.Matcher;

/**
 * One SSE execution as its client reads it, line by line (the JDK client hands the lines over on its
 * own few threads). Checks that the event ids rise, that the model's chunks arrive 0 to
 * {@value EmulatedModel#CHUNKS}-1 in order, each once, and that one terminal event ends the stream:
 * {@code workflow_complete}, answering the chunks' text. Keeps each chunk's delay from the emulated
 * model's write to its arrival here.
 */
final class StreamCheck implements Flow.Subscriber<String> {

    enum Outcome {
        RUNNING,
        /** completed, every event in order */
        OK,
        /** no stream, an error, no single terminal workflow_complete, or events after it */
        FAILED,
        /** completed, but chunks missing, repeated, out of order or not the answer */
        CHUNKS_WRONG,
        /** completed, but an event id did not rise */
        IDS_WRONG
    }

    private long[] delaysNanos = new long[EmulatedModel.CHUNKS];
    private int delays;
    private final StringBuilder text = new StringBuilder();
    // the SSE message being read
    private String id;
    private StringBuilder data;
    private long lastId = Long.MIN_VALUE;
    private boolean idsRise = true;
    private int nextChunk;
    private boolean chunksInOrder = true;
    private int terminals;
    private String terminal;
    private String answer;
    private boolean afterTerminal;
    private String error;
    private Outcome outcome = Outcome.RUNNING;
    private String problem = "";

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public synchronized void onNext(String line) {
        if (line.isEmpty()) {
            dispatch();
        } else if (line.startsWith("id:")) {
            id = value(line, 3);
        } else if (line.startsWith("data:")) {
            if (data == null) {
                data = new StringBuilder(value(line, 5));
            } else {
                data.append('\n').append(value(line, 5));
            }
        } else if (error == null && !line.startsWith(":") && !line.startsWith("event:") && !line.startsWith("retry:")) {
            error = shorten(line); // not SSE: an error answer's body
        }
    }

    @Override
    public void onError(Throwable throwable) {
        // finish() is told of it by the response
    }

    @Override
    public synchronized void onComplete() {
        dispatch(); // a last message without its blank line
    }

    /** The request is over: with its status, or how it failed (status then -1). */
    synchronized void finish(int status, Throwable failure) {
        dispatch();
        if (failure != null) {
            Throwable cause =
                    failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            fail("the request failed: " + cause);
        } else if (status != 200) {
            fail("answered HTTP " + status + (error == null ? "" : ": " + error));
        } else if (terminals == 0) {
            fail("ended without a terminal event after " + nextChunk + " chunk(s)");
        } else if (terminals > 1 || afterTerminal) {
            fail("events after the terminal event");
        } else if (!"workflow_complete".equals(terminal)) {
            fail(terminal + ": " + error);
        } else if (!idsRise) {
            outcome = Outcome.IDS_WRONG;
            problem = "an event id did not rise";
        } else if (!chunksInOrder || nextChunk != EmulatedModel.CHUNKS) {
            outcome = Outcome.CHUNKS_WRONG;
            problem = "chunks missing or out of order (next expected " + nextChunk + ")";
        } else if (!text.toString().equals(answer)) {
            outcome = Outcome.CHUNKS_WRONG;
            problem = "the answer is not the chunks' text";
        } else {
            outcome = Outcome.OK;
        }
    }

    synchronized Outcome outcome() {
        return outcome;
    }

    /** What went wrong; empty when nothing did. */
    synchronized String problem() {
        return problem;
    }

    /** The chunks' delays, nanoseconds. */
    synchronized long[] delaysNanos() {
        return Arrays.copyOf(delaysNanos, delays);
    }

    private void fail(String why) {
        outcome = Outcome.FAILED;
        problem = why;
    }

    private void dispatch() {
        if (data == null) {
            id = null;
            return;
        }
        String json = data.toString();
        String seq = id;
        data = null;
        id = null;
        JsonObject event;
        try {
            // the cached provider: Json.createReader looks it up with a ServiceLoader on every call, which
            // for 4,000 events a second cost this client more than the reading itself
            event = Jsons.provider().createReader(new StringReader(json)).readObject();
        } catch (RuntimeException e) {
            error = shorten(json);
            return;
        }
        if (seq != null) {
            try {
                long n = Long.parseLong(seq.trim());
                idsRise &= n > lastId;
                lastId = n;
            } catch (NumberFormatException e) {
                idsRise = false;
            }
        }
        if (terminals > 0) {
            afterTerminal = true;
        }
        String type = event.getString("type", "");
        switch (type) {
            case "node_stream" -> chunk(event.getString("chunk", ""));
            case "workflow_complete" -> {
                terminals++;
                terminal = type;
                JsonObject result = event.getJsonObject("result");
                answer = result == null ? null : result.getString("answer", null);
            }
            case "workflow_error", "stream_error" -> {
                terminals++;
                terminal = type;
                error = String.valueOf(event.get("error"));
            }
            default -> {
                // node_start, node_complete: their ids are checked above
            }
        }
    }

    private void chunk(String content) {
        long now = EmulatedModel.nowMicros();
        text.append(content);
        Matcher m = EmulatedModel.CHUNK.matcher(content);
        while (m.find()) {
            chunksInOrder &= Integer.parseInt(m.group(1)) == nextChunk;
            nextChunk = Integer.parseInt(m.group(1)) + 1;
            if (delays == delaysNanos.length) {
                delaysNanos = Arrays.copyOf(delaysNanos, delays * 2);
            }
            delaysNanos[delays++] = (now - Long.parseLong(m.group(2))) * 1000;
        }
    }

    private static String shorten(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }

    /** A field's value: after the colon, without the one space that may follow it. */
    private static String value(String line, int colon) {
        return line.startsWith(" ", colon) ? line.substring(colon + 1) : line.substring(colon);
    }
}
