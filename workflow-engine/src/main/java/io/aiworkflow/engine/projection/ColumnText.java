package io.aiworkflow.engine.projection;

/**
 * Text as PostgreSQL takes it: without NUL characters (a text column refuses them, and with them
 * the whole batch) and no longer than its column. A value a user or a remote system chose (an
 * error message, a node name) must fit before it is written, never fail the write.
 */
public final class ColumnText {

    private ColumnText() {}

    /** {@code text} without NUL characters; null stays null. */
    public static String clean(String text) {
        return text == null || text.indexOf('\0') < 0 ? text : text.replace("\0", "");
    }

    /** {@code text} cleaned and cut to {@code maxChars} characters, never inside a surrogate pair. */
    public static String fit(String text, int maxChars) {
        String clean = clean(text);
        if (clean == null || clean.length() <= maxChars) {
            return clean;
        }
        int end = maxChars;
        if (Character.isHighSurrogate(clean.charAt(end - 1))) {
            end--;
        }
        return clean.substring(0, end);
    }
}
