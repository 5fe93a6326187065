package io.ringback.signaling.core.sip;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A trunk's digest challenge, the value of a {@code WWW-Authenticate} (401) or
 * {@code Proxy-Authenticate} (407) header (RFC 7616 §3.3, RFC 2617 §3.2.1, RFC 3261 §22.4).
 *
 * @param realm     the protection space; required
 * @param nonce     the server's nonce; required
 * @param opaque    returned unchanged; null when the trunk sent none
 * @param algorithm the algorithm token as sent, {@code MD5} when absent
 * @param qop       the quality-of-protection values offered, lower case; empty when the trunk
 *                  offered none (the RFC 2069 compatible form)
 * @param stale     true when the previous answer was refused only because its nonce had expired:
 *                  answering again with the new nonce is expected
 */
public record DigestChallenge(String realm, String nonce, String opaque, String algorithm, List<String> qop,
                              boolean stale) {

    public DigestChallenge {
        Objects.requireNonNull(realm, "realm");
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(algorithm, "algorithm");
        qop = List.copyOf(qop);
    }

    /**
     * Parses a header value such as {@code Digest realm="sip.example", nonce="abc", qop="auth"}.
     *
     * @throws DigestException when the scheme is not Digest, the value is not a list of
     *                         {@code name=value} pairs, or realm or nonce is missing
     */
    public static DigestChallenge parse(String header) {
        if (header == null) {
            throw new DigestException("no challenge header");
        }
        String text = header.strip();
        int space = text.indexOf(' ');
        if (space < 0 || !text.substring(0, space).equalsIgnoreCase("Digest")) {
            throw new DigestException("not a Digest challenge: '" + header + "'");
        }
        Map<String, String> params = parameters(text.substring(space + 1), header);
        String realm = params.get("realm");
        String nonce = params.get("nonce");
        if (realm == null || nonce == null) {
            throw new DigestException("a Digest challenge needs realm and nonce: '" + header + "'");
        }
        String qop = params.get("qop");
        List<String> offered = qop == null ? List.of()
                : java.util.Arrays.stream(qop.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                        .map(s -> s.toLowerCase(Locale.ROOT)).toList();
        return new DigestChallenge(realm, nonce, params.get("opaque"), params.getOrDefault("algorithm", "MD5"),
                offered, "true".equalsIgnoreCase(params.get("stale")));
    }

    private static Map<String, String> parameters(String text, String header) {
        Map<String, String> params = new LinkedHashMap<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            while (i < n && (text.charAt(i) == ',' || Character.isWhitespace(text.charAt(i)))) {
                i++;
            }
            if (i == n) {
                break;
            }
            int equals = text.indexOf('=', i);
            if (equals < 0) {
                throw new DigestException("'" + text.substring(i).strip() + "' is not name=value in '" + header + "'");
            }
            String name = text.substring(i, equals).strip().toLowerCase(Locale.ROOT);
            if (name.isEmpty() || !name.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-' || c == '_')) {
                throw new DigestException("bad parameter name '" + name + "' in '" + header + "'");
            }
            i = equals + 1;
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            StringBuilder value = new StringBuilder();
            if (i < n && text.charAt(i) == '"') {
                i++;
                boolean closed = false;
                while (i < n) {
                    char c = text.charAt(i++);
                    if (c == '\\' && i < n) {
                        value.append(text.charAt(i++));
                    } else if (c == '"') {
                        closed = true;
                        break;
                    } else {
                        value.append(c);
                    }
                }
                if (!closed) {
                    throw new DigestException("unterminated quoted value of " + name + " in '" + header + "'");
                }
                while (i < n && Character.isWhitespace(text.charAt(i))) {
                    i++;
                }
                if (i < n && text.charAt(i) != ',') {
                    throw new DigestException("text after the quoted value of " + name + " in '" + header + "'");
                }
            } else {
                while (i < n && text.charAt(i) != ',') {
                    value.append(text.charAt(i++));
                }
            }
            params.put(name, value.toString().strip());
        }
        return params;
    }
}
