package io.ringback.signaling.core.sip;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Answers digest challenges (RFC 7616, RFC 2617, as SIP uses them in RFC 3261 §22.4): MD5,
 * MD5-sess, SHA-256 and SHA-256-sess, with {@code qop=auth} or without qop. The nonce count
 * ({@code nc}) goes up by one for each answer to the same nonce; a new nonce starts again at 1.
 * Thread-safe: one instance serves every leg of a stack.
 */
public final class DigestClient {

    /** Nonces whose counts are kept; the oldest is forgotten beyond this (a trunk rotates them). */
    private static final int REMEMBERED_NONCES = 4096;

    private final Supplier<String> cnonces;
    private final Map<String, Integer> counts = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
            return size() > REMEMBERED_NONCES;
        }
    };

    /** A client whose client nonces are 128 random bits, hex. */
    public DigestClient() {
        this(randomCnonces());
    }

    /** A client with the given client nonces (tests pass the RFC examples' values). */
    public DigestClient(Supplier<String> cnonces) {
        this.cnonces = cnonces;
    }

    /**
     * The value of the {@code Authorization} (answering a 401) or {@code Proxy-Authorization}
     * (answering a 407) header for a request.
     *
     * @param challenge   the trunk's challenge
     * @param credentials ours for this trunk; null when the gateway has none
     * @param method      the request's method, e.g. {@code INVITE}
     * @param uri         the request's Request-URI as sent, e.g. {@code sip:4455@trunk.example}
     * @throws DigestException when the challenge cannot be answered: no credentials, an algorithm we
     *                         do not have, or a qop other than {@code auth} only (e.g. {@code auth-int})
     */
    public String authorization(DigestChallenge challenge, DigestCredentials credentials, String method, String uri) {
        if (credentials == null) {
            throw new DigestException("the trunk asks for digest credentials (realm \"" + challenge.realm()
                    + "\") and the gateway has none");
        }
        String token = challenge.algorithm().toUpperCase(Locale.ROOT);
        boolean session = token.endsWith("-SESS");
        String hashName = switch (session ? token.substring(0, token.length() - 5) : token) {
            case "MD5" -> "MD5";
            case "SHA-256" -> "SHA-256";
            default -> throw new DigestException("the trunk asks for digest algorithm " + challenge.algorithm()
                    + ", which we do not have (MD5, MD5-sess, SHA-256, SHA-256-sess)");
        };
        boolean qopAuth = challenge.qop().contains("auth");
        if (!challenge.qop().isEmpty() && !qopAuth) {
            throw new DigestException("the trunk offers qop " + String.join(",", challenge.qop())
                    + " only; we answer qop auth or none");
        }
        if (session && !qopAuth) {
            throw new DigestException("the trunk asks for " + challenge.algorithm() + " without qop auth");
        }
        String cnonce = qopAuth || session ? cnonces.get() : null;
        String nc = qopAuth ? String.format("%08x", nextCount(challenge.nonce())) : null;

        String ha1 = hash(hashName, credentials.username() + ":" + challenge.realm() + ":" + credentials.password());
        if (session) {
            ha1 = hash(hashName, ha1 + ":" + challenge.nonce() + ":" + cnonce);
        }
        String ha2 = hash(hashName, method + ":" + uri);
        String response = qopAuth
                ? hash(hashName, ha1 + ":" + challenge.nonce() + ":" + nc + ":" + cnonce + ":auth:" + ha2)
                : hash(hashName, ha1 + ":" + challenge.nonce() + ":" + ha2);

        StringBuilder header = new StringBuilder("Digest ");
        header.append("username=").append(quoted(credentials.username()));
        header.append(", realm=").append(quoted(challenge.realm()));
        header.append(", nonce=").append(quoted(challenge.nonce()));
        header.append(", uri=").append(quoted(uri));
        header.append(", response=").append(quoted(response));
        header.append(", algorithm=").append(challenge.algorithm());
        if (cnonce != null) {
            header.append(", cnonce=").append(quoted(cnonce));
        }
        if (challenge.opaque() != null) {
            header.append(", opaque=").append(quoted(challenge.opaque()));
        }
        if (qopAuth) {
            header.append(", qop=auth, nc=").append(nc);
        }
        return header.toString();
    }

    private synchronized int nextCount(String nonce) {
        return counts.merge(nonce, 1, Integer::sum);
    }

    private static String hash(String algorithm, String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no " + algorithm, e);
        }
    }

    private static String quoted(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static Supplier<String> randomCnonces() {
        SecureRandom random = new SecureRandom();
        return () -> {
            byte[] bytes = new byte[16];
            random.nextBytes(bytes);
            return HexFormat.of().formatHex(bytes);
        };
    }
}
