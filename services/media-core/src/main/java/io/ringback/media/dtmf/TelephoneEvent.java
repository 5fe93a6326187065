package io.ringback.media.dtmf;

import java.util.Optional;

/**
 * An RFC 4733 §2.3 telephone-event payload:
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * |     event     |E|R| volume    |          duration             |
 * </pre>
 *
 * @param event    event code (0-15 for DTMF)
 * @param end      E bit: the last packet(s) of the event
 * @param volume   power level in -dBm0, 0-63
 * @param duration in RTP timestamp units (8 kHz) since the event's timestamp
 */
public record TelephoneEvent(int event, boolean end, int volume, int duration) {

    public static final int LENGTH = 4;

    public TelephoneEvent {
        if (event < 0 || event > 255 || volume < 0 || volume > 63 || duration < 0 || duration > 0xFFFF) {
            throw new IllegalArgumentException("event 0-255, volume 0-63, duration 0-65535");
        }
    }

    /**
     * Parses a payload; empty when it is shorter than 4 bytes (RFC 4733 §2.5.2.1: several events may
     * be stacked with redundancy, only the first block is read).
     */
    public static Optional<TelephoneEvent> parse(byte[] payload) {
        if (payload.length < LENGTH) {
            return Optional.empty();
        }
        return Optional.of(new TelephoneEvent(payload[0] & 0xFF, (payload[1] & 0x80) != 0, payload[1] & 0x3F,
                ((payload[2] & 0xFF) << 8) | (payload[3] & 0xFF)));
    }

    public byte[] toBytes() {
        // R bit (0x40) is reserved: always sent as 0 (RFC 4733 §2.3).
        return new byte[] {(byte) event, (byte) ((end ? 0x80 : 0) | volume), (byte) (duration >>> 8), (byte) duration};
    }
}
