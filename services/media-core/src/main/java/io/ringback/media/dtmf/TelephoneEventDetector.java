package io.ringback.media.dtmf;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns a stream of RFC 4733 packets into digits, each digit once.
 *
 * <p>An event is identified by its RTP timestamp (RFC 4733 §2.5.1.2: every packet of an event
 * carries the timestamp of its start; a new event has a new one). A digit is yielded on the first
 * end packet (E bit) of its event with the final duration; the end packet is sent three times
 * (§2.5.1.4) and the repeats are ignored. When the end packets are all lost, the event is yielded
 * when the next event starts or when {@link #expire} finds it silent for too long. A lost start
 * packet does not matter: any packet of the event opens it.
 *
 * <p>Not thread-safe: one endpoint's receive thread owns it.
 */
public final class TelephoneEventDetector {

    /** An open event whose packets stopped this long (RTP timestamp units, 8 kHz) is over: 200 ms. */
    private static final long SILENCE_ENDS_EVENT = 1600;

    private boolean open;
    private long openTimestamp;
    private int openEvent;
    private int openDuration;
    private long lastPacketTimestamp;
    private boolean anyFinished;
    private long lastFinishedTimestamp;

    /**
     * Feeds one telephone-event packet.
     *
     * @param rtpTimestamp the packet's RTP timestamp (the event's start)
     * @return the digits this packet completes: none, one, or two when it also closes an earlier
     *         event whose end packets were lost
     */
    public List<DtmfDigit> onPacket(long rtpTimestamp, TelephoneEvent event) {
        if (anyFinished && rtpTimestamp == lastFinishedTimestamp) {
            return List.of();
        }
        List<DtmfDigit> digits = new ArrayList<>(2);
        if (open && rtpTimestamp != openTimestamp) {
            digits.add(finish());
        }
        if (DtmfDigit.digitOfEvent(event.event()) < 0) {
            return digits;
        }
        if (!open) {
            open = true;
            openTimestamp = rtpTimestamp;
            openEvent = event.event();
            openDuration = 0;
        }
        openDuration = Math.max(openDuration, event.duration());
        lastPacketTimestamp = (rtpTimestamp + event.duration()) & 0xFFFF_FFFFL;
        if (event.end()) {
            digits.add(finish());
        }
        return digits;
    }

    /**
     * Ends an event whose packets stopped (its end packets lost).
     *
     * @param nowTimestamp the current RTP timestamp of the stream (e.g. the latest audio packet's)
     */
    public Optional<DtmfDigit> expire(long nowTimestamp) {
        // Unsigned 32-bit arithmetic: RTP timestamps wrap, and a later one may be numerically smaller.
        if (open && (int) (nowTimestamp - lastPacketTimestamp) > SILENCE_ENDS_EVENT) {
            return Optional.of(finish());
        }
        return Optional.empty();
    }

    private DtmfDigit finish() {
        open = false;
        anyFinished = true;
        lastFinishedTimestamp = openTimestamp;
        return new DtmfDigit((char) DtmfDigit.digitOfEvent(openEvent), DtmfMethod.RFC4733, openDuration / 8);
    }
}
