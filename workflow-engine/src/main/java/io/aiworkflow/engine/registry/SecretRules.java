package io.aiworkflow.engine.registry;

import io.aiworkflow.domain.shared.WorkflowException;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rules for the secrets models and plugins keep. A secret is bound to where it is sent: whoever may
 * edit an entry must not be able to point it at their own server and receive the team's key, so a
 * change of destination needs the secret given again.
 */
final class SecretRules {

    private static final Pattern ORIGIN = Pattern.compile("^(https?://[^/?#]*)", Pattern.CASE_INSENSITIVE);

    private SecretRules() {}

    /**
     * A secret as given: null (keep the stored one) and "" (remove it) as they are, any other value
     * trimmed; control characters (a pasted newline would split a header) are refused.
     */
    static String clean(String field, String secret) {
        if (secret == null || secret.isEmpty()) {
            return secret;
        }
        String trimmed = secret.strip();
        if (trimmed.isEmpty()) {
            throw WorkflowException.validation(field, "is blank; give \"\" to remove it");
        }
        if (trimmed.chars().anyMatch(Character::isISOControl)) {
            throw WorkflowException.validation(field, "contains a control character");
        }
        return trimmed;
    }

    /**
     * Refuses a change of {@code destination} (what decides where the secret goes) of an entry that
     * keeps a secret, unless the request gives the secret again (or "" to remove it).
     */
    static void requireAgainWhenMoved(
            String field,
            boolean hasStoredSecret,
            String givenSecret,
            String destinationBefore,
            String destinationAfter) {
        if (hasStoredSecret
                && givenSecret == null
                && destinationBefore != null
                && !Objects.equals(destinationBefore, destinationAfter)) {
            throw WorkflowException.validation(
                    field,
                    "must be given again (or \"\" to remove it): the stored secret"
                            + " was given for another destination, and does not follow a changed one");
        }
    }

    /** {@code scheme://host:port} of a URL (or URL template), lower-cased; the whole text if it has none. */
    static String origin(String url) {
        if (url == null) {
            return null;
        }
        Matcher m = ORIGIN.matcher(url.trim());
        return (m.find() ? m.group(1) : url.trim()).toLowerCase(Locale.ROOT);
    }
}
