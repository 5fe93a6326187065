package io.ringback.accounts.domain;

import io.ringback.common.Failure;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * PINs are a few digits, so a fast hash would give them away to anyone holding the table: they are
 * hashed with PBKDF2-HMAC-SHA256, a random 16-byte salt per PIN and a configurable iteration count.
 * The stored form {@code pbkdf2-sha256$<iterations>$<salt>$<hash>} keeps the count, so raising it
 * later leaves existing PINs verifiable.
 */
public final class PinHasher {

    private static final Pattern PIN = Pattern.compile("[0-9]{4,12}");
    private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    private static final String TAG = "pbkdf2-sha256";
    private static final int HASH_BITS = 256;

    private final int iterations;
    private final SecureRandom random = new SecureRandom();

    public PinHasher(int iterations) {
        if (iterations < 1) {
            throw new IllegalArgumentException("PIN hash iterations must be at least 1, got " + iterations);
        }
        this.iterations = iterations;
    }

    /** Refuses a PIN that is not 4 to 12 digits. */
    public static String validate(String pin) {
        if (pin == null || !PIN.matcher(pin).matches()) {
            throw Failure.invalid("invalid-pin", "Invalid PIN", "a PIN is 4 to 12 digits");
        }
        return pin;
    }

    public String hash(String pin) {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        Base64.Encoder base64 = Base64.getEncoder().withoutPadding();
        return TAG + "$" + iterations + "$" + base64.encodeToString(salt) + "$"
                + base64.encodeToString(derive(pin, salt, iterations));
    }

    public static boolean matches(String pin, String stored) {
        String[] parts = stored.split("\\$");
        if (parts.length != 4 || !parts[0].equals(TAG)) {
            throw new IllegalStateException("not a PIN hash of this service");
        }
        Base64.Decoder base64 = Base64.getDecoder();
        byte[] expected = base64.decode(parts[3]);
        return MessageDigest.isEqual(expected, derive(pin, base64.decode(parts[2]), Integer.parseInt(parts[1])));
    }

    private static byte[] derive(String pin, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(pin.toCharArray(), salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is part of every Java 17 runtime", e);
        } finally {
            spec.clearPassword();
        }
    }
}
