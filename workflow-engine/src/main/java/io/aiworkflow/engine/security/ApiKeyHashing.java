package io.aiworkflow.engine.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * API keys are random 160-bit values; only their SHA-256 is stored. A plain hash is enough here
 * (unlike passwords) because the key has full entropy.
 */
public final class ApiKeyHashing {

    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeyHashing() {}

    public static String newKey() {
        byte[] bytes = new byte[20];
        RANDOM.nextBytes(bytes);
        return "wf_" + HexFormat.of().formatHex(bytes);
    }

    public static String sha256(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String prefix(String key) {
        return key.substring(0, Math.min(8, key.length()));
    }
}
