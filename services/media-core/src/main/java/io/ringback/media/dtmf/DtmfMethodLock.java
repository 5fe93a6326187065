package io.ringback.media.dtmf;

/**
 * Keeps the first DTMF method seen on a call: a phone that sends RFC 4733 events and leaves the
 * tones in the audio too (or a gateway that also sends SIP INFO) would otherwise count each key
 * twice. Thread-safe: the RTP thread and a gRPC FeedDtmf may race.
 */
public final class DtmfMethodLock {

    private DtmfMethod locked;

    /** True when a digit of this method counts (the first method seen locks the call to it). */
    public synchronized boolean accept(DtmfMethod method) {
        if (locked == null) {
            locked = method;
        }
        return locked == method;
    }

    public synchronized DtmfMethod locked() {
        return locked;
    }
}
