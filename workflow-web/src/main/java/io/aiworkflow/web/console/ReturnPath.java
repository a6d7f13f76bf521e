package io.aiworkflow.web.console;

import java.util.regex.Pattern;

/**
 * The console page a login returns to. Only a console page of this server qualifies, so a link
 * with a crafted {@code next} cannot send a freshly signed-in user somewhere else.
 */
final class ReturnPath {

    private static final Pattern CONSOLE_PAGE = Pattern.compile("/console/[A-Za-z0-9_-]+\\.xhtml(\\?[^\\s\\\\]*)?");

    private ReturnPath() {}

    static boolean isSafe(String path) {
        return path != null
                && path.length() <= 2_000
                && CONSOLE_PAGE.matcher(path).matches()
                && !path.startsWith(ConsoleLoginFilter.LOGIN_PAGE);
    }
}
