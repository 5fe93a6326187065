package io.ringback.signaling.app;

import io.quarkus.runtime.Startup;
import io.ringback.common.Failure;
import io.ringback.signaling.config.SignalingConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * Seals a gateway's digest password so that it can be read back to answer a digest challenge
 * (RFC 3261 §22, RFC 7616 need the password itself, not a hash of it), and never leaves the
 * service otherwise: AES-256-GCM under {@code ringback.signaling.gateway-credentials.key} (32
 * bytes, base64), a random 96-bit nonce per seal, the gateway id as associated data (a sealed
 * password copied to another gateway's row does not open). Sealed form: version byte {@code 1},
 * nonce, ciphertext with its 128-bit tag. Without a key nothing can be sealed: storing credentials
 * is refused (503 {@code credential-key-missing}) while everything else works. A key that is not
 * 32 bytes of base64 stops the start. Decision 0011 says why.
 */
@Startup
@Singleton
public class CredentialCipher {

    private static final byte VERSION = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final String KEY = "ringback.signaling.gateway-credentials.key";

    private final Optional<SecretKey> key;
    private final SecureRandom random = new SecureRandom();

    @Inject
    public CredentialCipher(SignalingConfig config) {
        this(config.gatewayCredentials().key());
    }

    CredentialCipher(Optional<String> base64Key) {
        this.key = base64Key.map(CredentialCipher::parse);
    }

    private static SecretKey parse(String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(KEY + " is not base64: " + e.getMessage());
        }
        if (bytes.length != 32) {
            throw new IllegalArgumentException(KEY + " must be 32 bytes (AES-256) in base64, got " + bytes.length + " bytes");
        }
        return new SecretKeySpec(bytes, "AES");
    }

    /** The password sealed for this gateway; 503 when no key is configured. */
    public byte[] seal(UUID gatewayId, String password) {
        SecretKey secret = key.orElseThrow(() -> Failure.unavailable("credential-key-missing", "Credential key missing",
                "this signaling has no " + KEY + " configured, so it cannot store digest credentials; nothing was "
                        + "changed", null));
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] sealed = run(Cipher.ENCRYPT_MODE, secret, nonce, gatewayId, password.getBytes(StandardCharsets.UTF_8));
        return ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length).put(VERSION).put(nonce).put(sealed).array();
    }

    /** The password of this gateway, to answer its digest challenge. */
    public String open(UUID gatewayId, byte[] sealed) {
        SecretKey secret = key.orElseThrow(() -> new IllegalStateException(KEY + " is not configured"));
        if (sealed.length <= 1 + NONCE_BYTES || sealed[0] != VERSION) {
            throw new IllegalStateException("the digest password of gateway " + gatewayId + " is not sealed by this version");
        }
        byte[] nonce = java.util.Arrays.copyOfRange(sealed, 1, 1 + NONCE_BYTES);
        byte[] body = java.util.Arrays.copyOfRange(sealed, 1 + NONCE_BYTES, sealed.length);
        return new String(run(Cipher.DECRYPT_MODE, secret, nonce, gatewayId, body), StandardCharsets.UTF_8);
    }

    private static byte[] run(int mode, SecretKey secret, byte[] nonce, UUID gatewayId, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, secret, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(gatewayId.toString().getBytes(StandardCharsets.US_ASCII));
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the digest password of gateway " + gatewayId
                    + " cannot be " + (mode == Cipher.ENCRYPT_MODE ? "sealed" : "opened") + " with the configured key", e);
        }
    }
}
