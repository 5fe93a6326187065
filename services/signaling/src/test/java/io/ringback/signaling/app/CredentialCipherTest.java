package io.ringback.signaling.app;

import io.ringback.common.Failure;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The digest password's sealing, in plain Java: round trip, a fresh nonce each time, bound to its gateway, no key no storing. */
class CredentialCipherTest {

    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);

    @Test
    void aSealedPasswordOpensForItsGatewayOnly() {
        CredentialCipher cipher = new CredentialCipher(Optional.of(KEY));
        UUID gateway = UUID.randomUUID();
        byte[] sealed = cipher.seal(gateway, "s3cret-ñ");
        assertEquals("s3cret-ñ", cipher.open(gateway, sealed));
        assertFalse(new String(sealed, StandardCharsets.ISO_8859_1).contains("s3cret"), "the password is not stored in clear");
        assertEquals(1 + 12 + "s3cret-ñ".getBytes(StandardCharsets.UTF_8).length + 16, sealed.length);
        byte[] again = cipher.seal(gateway, "s3cret-ñ");
        assertFalse(java.util.Arrays.equals(sealed, again), "each seal takes a fresh nonce");
        assertThrows(IllegalStateException.class, () -> cipher.open(UUID.randomUUID(), sealed));
        byte[] tampered = sealed.clone();
        tampered[tampered.length - 1] ^= 1;
        assertThrows(IllegalStateException.class, () -> cipher.open(gateway, tampered));
        CredentialCipher otherKey = new CredentialCipher(Optional.of(Base64.getEncoder().encodeToString(new byte[]{
                1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28,
                29, 30, 31, 32})));
        assertThrows(IllegalStateException.class, () -> otherKey.open(gateway, sealed));
    }

    @Test
    void withoutAKeyCredentialsAreRefused() {
        Failure refused = assertThrows(Failure.class, () -> new CredentialCipher(Optional.empty()).seal(UUID.randomUUID(), "x"));
        assertEquals(Failure.Kind.UNAVAILABLE, refused.kind());
        assertEquals("credential-key-missing", refused.slug());
        assertTrue(refused.getMessage().contains("ringback.signaling.gateway-credentials.key"), refused.getMessage());
    }

    @Test
    void aKeyThatIsNot32BytesOfBase64StopsTheStart() {
        IllegalArgumentException shortKey = assertThrows(IllegalArgumentException.class,
                () -> new CredentialCipher(Optional.of(Base64.getEncoder().encodeToString(new byte[16]))));
        assertTrue(shortKey.getMessage().contains("must be 32 bytes"), shortKey.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new CredentialCipher(Optional.of("not base64!")));
    }
}
