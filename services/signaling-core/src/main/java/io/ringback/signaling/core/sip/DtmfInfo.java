package io.ringback.signaling.core.sip;

import java.util.Locale;

/**
 * A key press carried in a SIP INFO body, as trunks send them: {@code application/dtmf-relay}
 * ({@code Signal=5} and optionally {@code Duration=160}, one per line, other lines ignored) or
 * {@code application/dtmf} (the key alone, e.g. {@code 5}). The key may also be written as its
 * RFC 4733 event code: 10 = {@code *}, 11 = {@code #}, 12 to 15 = {@code A} to {@code D}.
 *
 * @param key        one of {@code 0-9 * # A B C D}
 * @param durationMs how long the key was held; 0 when the body did not say
 */
public record DtmfInfo(char key, int durationMs) {

    /** The longest key press we accept, in milliseconds; more is not a key press but a fault. */
    public static final int MAX_DURATION_MS = 60_000;

    private static final String KEYS = "0123456789*#ABCD";

    public DtmfInfo {
        if (KEYS.indexOf(key) < 0) {
            throw new IllegalArgumentException("'" + key + "' is not a DTMF key (0-9 * # A-D)");
        }
        if (durationMs < 0 || durationMs > MAX_DURATION_MS) {
            throw new IllegalArgumentException("a DTMF duration is 0 to " + MAX_DURATION_MS + " ms, got " + durationMs);
        }
    }

    /**
     * Parses an INFO body.
     *
     * @param contentType the body's Content-Type, parameters allowed, case-insensitive
     * @throws IllegalArgumentException naming what is wrong: another content type, no Signal, a key
     *                                  that is none, a Duration that is not a number of milliseconds
     */
    public static DtmfInfo parse(String contentType, String body) {
        String type = contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        String text = body == null ? "" : body.strip();
        return switch (type) {
            case "application/dtmf-relay" -> relay(text);
            case "application/dtmf" -> new DtmfInfo(key(text), 0);
            default -> throw new IllegalArgumentException("'" + contentType + "' is not a DTMF body "
                    + "(application/dtmf-relay or application/dtmf)");
        };
    }

    private static DtmfInfo relay(String text) {
        String signal = null;
        Integer duration = null;
        for (String line : text.split("\r\n|\n|\r")) {
            int equals = line.indexOf('=');
            if (equals < 0) {
                if (line.isBlank()) {
                    continue;
                }
                throw new IllegalArgumentException("'" + line.strip() + "' is not name=value in a dtmf-relay body");
            }
            String name = line.substring(0, equals).strip().toLowerCase(Locale.ROOT);
            String value = line.substring(equals + 1).strip();
            if (name.equals("signal")) {
                if (signal != null) {
                    throw new IllegalArgumentException("a dtmf-relay body with two Signal lines");
                }
                signal = value;
            } else if (name.equals("duration")) {
                if (!value.matches("[0-9]{1,6}")) {
                    throw new IllegalArgumentException("Duration '" + value + "' is not a number of milliseconds");
                }
                duration = Integer.parseInt(value);
            }
        }
        if (signal == null) {
            throw new IllegalArgumentException("a dtmf-relay body without Signal");
        }
        return new DtmfInfo(key(signal), duration == null ? 0 : duration);
    }

    private static char key(String value) {
        if (value.length() == 1) {
            char key = Character.toUpperCase(value.charAt(0));
            if (KEYS.indexOf(key) < 0) {
                throw new IllegalArgumentException("'" + value + "' is not a DTMF key (0-9 * # A-D)");
            }
            return key;
        }
        if (value.matches("1[0-5]")) {
            return KEYS.charAt(Integer.parseInt(value));
        }
        throw new IllegalArgumentException("'" + value + "' is not a DTMF key (0-9 * # A-D, or event 10-15)");
    }
}
