package io.aiworkflow.engine.security;

import org.junit.jupiter.api.Test;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Console passwords are stored as {@code pbkdf2$<iterations>$<salt>$<hash>}: salted, slow, and
 * checked with the cost they were stored with, so raising the cost later keeps old accounts working.
 */
class PasswordHasherTest {

    private static final String PASSWORD = "at-least-12-chars";

    /** PBKDF2-HMAC-SHA256 as the JDK computes it, independently of the class under test. */
    private static String stored(String password, byte[] salt, int iterations) throws Exception {
        byte[] hash = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, 256))
                .getEncoded();
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return "pbkdf2$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    @Test
    void theRightPasswordMatches() {
        assertTrue(PasswordHasher.matches(PASSWORD, PasswordHasher.hash(PASSWORD)));
        assertTrue(PasswordHasher.matches("", PasswordHasher.hash("")), "even an empty one");
        assertTrue(PasswordHasher.matches("päßwörd ✓ 🔑", PasswordHasher.hash("päßwörd ✓ 🔑")));
    }

    @Test
    void anyOtherPasswordDoesNot() {
        String stored = PasswordHasher.hash(PASSWORD);
        for (String wrong :
                new String[] {"at-least-12-char", "at-least-12-chars ", "AT-LEAST-12-CHARS", "", "at-least-12-charz"}) {
            assertFalse(PasswordHasher.matches(wrong, stored), "'" + wrong + "'");
        }
    }

    @Test
    void theStoredFormNamesTheAlgorithmTheCostASaltAndA256BitHash() {
        String[] parts = PasswordHasher.hash(PASSWORD).split("\\$");

        assertEquals(4, parts.length);
        assertEquals("pbkdf2", parts[0]);
        assertTrue(Integer.parseInt(parts[1]) >= 100_000, "a slow hash: " + parts[1] + " iterations");
        assertEquals(16, Base64.getDecoder().decode(parts[2]).length, "a 128-bit salt");
        assertEquals(32, Base64.getDecoder().decode(parts[3]).length, "a 256-bit hash");
        assertFalse(PasswordHasher.hash(PASSWORD).contains(PASSWORD));
    }

    @Test
    void itIsStandardPbkdf2OverTheStoredSaltAndCost() throws Exception {
        String stored = PasswordHasher.hash(PASSWORD);
        String[] parts = stored.split("\\$");

        assertEquals(stored, stored(PASSWORD, Base64.getDecoder().decode(parts[2]), Integer.parseInt(parts[1])));
    }

    @Test
    void theSamePasswordIsStoredDifferentlyEachTime() {
        String first = PasswordHasher.hash(PASSWORD);
        String second = PasswordHasher.hash(PASSWORD);

        assertNotEquals(first, second);
        assertNotEquals(first.split("\\$")[2], second.split("\\$")[2], "a fresh salt each time");
        assertTrue(PasswordHasher.matches(PASSWORD, first));
        assertTrue(PasswordHasher.matches(PASSWORD, second));
    }

    @Test
    void aHashStoredWithAnotherCostIsCheckedWithThatCost() throws Exception {
        byte[] salt = "sixteen byte slt".getBytes(StandardCharsets.US_ASCII);
        String older = stored(PASSWORD, salt, 1_000);

        assertTrue(PasswordHasher.matches(PASSWORD, older), "an account stored at a lower cost still signs in");
        assertFalse(PasswordHasher.matches("wrong password", older));
        // the cost is part of what is checked: the same salt and hash under another count do not match
        assertFalse(PasswordHasher.matches(PASSWORD, older.replace("$1000$", "$1001$")));
    }

    @Test
    void anAlteredHashOrSaltNoLongerMatches() throws Exception {
        byte[] salt = "sixteen byte slt".getBytes(StandardCharsets.US_ASCII);
        String stored = stored(PASSWORD, salt, 1_000);
        byte[] otherSalt = salt.clone();
        otherSalt[0] ^= 1;
        String[] parts = stored.split("\\$");

        assertFalse(PasswordHasher.matches(
                PASSWORD,
                String.join(
                        "$",
                        parts[0],
                        parts[1],
                        Base64.getEncoder().withoutPadding().encodeToString(otherSalt),
                        parts[3])));
        assertFalse(PasswordHasher.matches(
                PASSWORD,
                String.join(
                        "$",
                        parts[0],
                        parts[1],
                        parts[2],
                        stored(PASSWORD, otherSalt, 1_000).split("\\$")[3])));
    }

    @Test
    void aValueInAnotherFormatMatchesNothing() {
        assertFalse(PasswordHasher.matches(PASSWORD, PASSWORD), "a password stored in clear is not accepted");
        assertFalse(PasswordHasher.matches(PASSWORD, ""));
        assertFalse(
                PasswordHasher.matches(PASSWORD, PasswordHasher.hash(PASSWORD).replaceFirst("^pbkdf2", "bcrypt")));
        assertFalse(PasswordHasher.matches(PASSWORD, PasswordHasher.hash(PASSWORD) + "$extra"));
    }
}
