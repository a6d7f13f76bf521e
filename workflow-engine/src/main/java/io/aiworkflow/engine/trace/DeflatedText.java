package io.aiworkflow.engine.trace;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Text stored compressed by the platform: its UTF-8 bytes in the zlib format, at the fastest
 * level. A run's trace frames repeat the same ids and keys, so they shrink about fifteenfold, and
 * zlib does that for a fraction of the CPU that PostgreSQL's own compression of wide text takes.
 */
public final class DeflatedText {

    /**
     * One compressor per thread, reset for each text: a new one allocates and clears some 300 KB of
     * native memory, more work than compressing a batch's frames of a run. Only the few threads that
     * write history deflate.
     */
    private static final ThreadLocal<Deflater> DEFLATERS =
            ThreadLocal.withInitial(() -> new Deflater(Deflater.BEST_SPEED));

    private DeflatedText() {}

    public static byte[] deflate(String text) {
        byte[] input = text.getBytes(StandardCharsets.UTF_8);
        Deflater deflater = DEFLATERS.get();
        try {
            deflater.setInput(input);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(input.length / 8 + 64);
            byte[] buffer = new byte[Math.max(1024, input.length / 8)];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.reset();
        }
    }

    public static String inflate(byte[] deflated) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(deflated);
            ByteArrayOutputStream out = new ByteArrayOutputStream(deflated.length * 12);
            byte[] buffer = new byte[8192];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && !inflater.finished() && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new IllegalStateException("stored trace frames are cut short");
                }
                out.write(buffer, 0, n);
            }
            return out.toString(StandardCharsets.UTF_8);
        } catch (DataFormatException e) {
            throw new IllegalStateException("stored trace frames are not readable: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }
}
