package io.ringback.accounts.domain;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Agent API keys: {@code rbk_} and 256 random bits (base64url). Such a key cannot be guessed, so a
 * plain SHA-256 of it is what is stored and looked up (a slow hash protects low-entropy secrets
 * such as PINs; here it would only slow every request).
 */
public final class ApiKeys {

    public static final String PREFIX = "rbk_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeys() {
    }

    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String hash(String key) {
        return Sha256.hex(key);
    }

    /** The first characters, kept to let an operator tell keys apart without the secret. */
    public static String displayPrefix(String key) {
        return key.substring(0, PREFIX.length() + 6);
    }
}
