package io.aiworkflow.engine.registry;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Model API keys and plugin secrets at rest: AES-GCM under the key derived from WORKFLOW_SECRET_KEY.
 * What is stored gives nothing away, comes back only under the same key, and is refused once altered.
 */
class SecretCipherTest {

    private final SecretCipher cipher = new SecretCipher("correct horse battery staple");

    /** The stored form without its {@code v1:} prefix, decoded: IV, ciphertext and tag. */
    private static byte[] sealed(String stored) {
        assertTrue(stored.startsWith("v1:"), stored);
        return Base64.getDecoder().decode(stored.substring(3));
    }

    private static String stored(byte[] sealed) {
        return "v1:" + Base64.getEncoder().encodeToString(sealed);
    }

    @Test
    void aSecretComesBackAsItWasStored() {
        for (String secret :
                new String[] {"sk-live-0123456789abcdef", "", "päßwörd ✓ 🔑", "a\nb\tc\0d", "x".repeat(10_000)}) {
            assertEquals(secret, cipher.decrypt(cipher.encrypt(secret)), "round trip of " + secret.length() + " chars");
        }
    }

    @Test
    void noSecretIsNoCiphertext() {
        assertNull(cipher.encrypt(null));
        assertNull(cipher.decrypt(null));
    }

    @Test
    void theStoredFormIsVersionedAndHidesTheSecret() {
        String secret = "sk-live-0123456789abcdef";
        String stored = cipher.encrypt(secret);

        assertFalse(stored.contains(secret), stored);
        assertFalse(
                stored.contains(Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8))), stored);
        // a 96-bit IV, the ciphertext as long as the secret, a 128-bit tag
        assertEquals(12 + secret.getBytes(StandardCharsets.UTF_8).length + 16, sealed(stored).length);
    }

    @Test
    void theSameSecretIsStoredDifferentlyEachTime() {
        String first = cipher.encrypt("same secret");
        String second = cipher.encrypt("same secret");

        assertNotEquals(first, second, "a fresh IV per value: equal secrets do not show as equal rows");
        assertNotEquals(
                Base64.getEncoder().encodeToString(Arrays.copyOf(sealed(first), 12)),
                Base64.getEncoder().encodeToString(Arrays.copyOf(sealed(second), 12)),
                "the IVs differ");
        assertEquals("same secret", cipher.decrypt(first));
        assertEquals("same secret", cipher.decrypt(second));
    }

    @Test
    void anotherKeyCannotReadIt() {
        String stored = cipher.encrypt("sk-live-0123456789abcdef");

        IllegalStateException refused =
                assertThrows(IllegalStateException.class, () -> new SecretCipher("another passphrase").decrypt(stored));
        assertTrue(
                refused.getMessage().contains("WORKFLOW_SECRET_KEY"), "tells what to check: " + refused.getMessage());
    }

    @Test
    void theSamePassphraseReadsItInAnotherProcess() {
        String stored = cipher.encrypt("sk-live-0123456789abcdef");

        assertEquals("sk-live-0123456789abcdef", new SecretCipher("correct horse battery staple").decrypt(stored));
    }

    @Test
    void withoutAKeyEveryServerUsesTheSameDevelopmentKeyAndNotAConfiguredOne() {
        String storedWithoutKey = new SecretCipher(null).encrypt("dev secret");

        assertEquals("dev secret", new SecretCipher("").decrypt(storedWithoutKey));
        assertEquals("dev secret", new SecretCipher("   ").decrypt(storedWithoutKey));
        assertThrows(IllegalStateException.class, () -> cipher.decrypt(storedWithoutKey));
        assertThrows(IllegalStateException.class, () -> new SecretCipher(null).decrypt(cipher.encrypt("prod secret")));
    }

    @Test
    void anyAlteredByteIsRefused() {
        byte[] original = sealed(cipher.encrypt("sk-live-0123456789abcdef"));
        // in the IV, in the ciphertext, in the tag
        for (int index : new int[] {0, 11, 12, original.length - 17, original.length - 16, original.length - 1}) {
            byte[] altered = original.clone();
            altered[index] ^= 0x01;
            assertThrows(
                    IllegalStateException.class, () -> cipher.decrypt(stored(altered)), "byte " + index + " flipped");
        }
    }

    @Test
    void aShortenedOrExtendedValueIsRefused() {
        byte[] original = sealed(cipher.encrypt("sk-live-0123456789abcdef"));

        assertThrows(
                IllegalStateException.class,
                () -> cipher.decrypt(stored(Arrays.copyOf(original, original.length - 1))));
        assertThrows(
                IllegalStateException.class,
                () -> cipher.decrypt(stored(Arrays.copyOf(original, original.length + 1))));
    }

    @Test
    void ciphertextsCannotBeSplicedTogether() {
        byte[] a = sealed(cipher.encrypt("secret-of-plugin-a"));
        byte[] b = sealed(cipher.encrypt("secret-of-plugin-b"));
        byte[] spliced = a.clone();
        System.arraycopy(b, 12, spliced, 12, b.length - 12); // a's IV with b's ciphertext and tag

        assertThrows(IllegalStateException.class, () -> cipher.decrypt(stored(spliced)));
    }

    @Test
    void aValueNotWrittenByTheCipherIsRefused() {
        assertThrows(IllegalStateException.class, () -> cipher.decrypt("sk-live-0123456789abcdef"), "plain text");
        assertThrows(
                IllegalStateException.class,
                () -> cipher.decrypt("v2:" + cipher.encrypt("x").substring(3)),
                "an unknown version");
    }
}
