package io.ringback.media.rtp;

/**
 * What an RTCP report block says about a received stream (RFC 3550 §6.4.1, algorithms of
 * appendix A.1, A.3 and A.8): extended highest sequence number, cumulative and fractional loss,
 * interarrival jitter. Times are 8 kHz sample units supplied by the caller. Not thread-safe.
 */
public final class ReceptionStatistics {

    private boolean started;
    private long ssrc;
    private int baseSequence;
    private int maxSequence;
    private long cycles;
    private long received;
    private long expectedPrior;
    private long receivedPrior;
    private long lastTransit;
    private boolean transitKnown;
    private double jitter;

    /**
     * One RTP packet received.
     *
     * @param audio whether it carries audio: only audio packets count for jitter, since a
     *              telephone-event packet keeps its event's start timestamp while time moves on
     */
    public void onPacket(RtpPacket packet, boolean audio, long arrivalSample) {
        long transit = arrivalSample - packet.timestamp();
        if (!started || packet.ssrc() != ssrc) {
            started = true;
            ssrc = packet.ssrc();
            baseSequence = packet.sequence();
            maxSequence = packet.sequence();
            cycles = 0;
            received = 1;
            expectedPrior = 0;
            receivedPrior = 0;
            lastTransit = transit;
            transitKnown = audio;
            jitter = 0;
            return;
        }
        int delta = (packet.sequence() - maxSequence) & 0xFFFF;
        if (delta != 0 && delta < 0x8000) {
            if (packet.sequence() < maxSequence) {
                cycles += 0x10000;
            }
            maxSequence = packet.sequence();
        }
        received++;
        if (!audio) {
            return;
        }
        if (transitKnown) {
            // A.8: J += (|D| - J) / 16, D the difference of relative transit times, taken as a
            // signed 32-bit difference so that the RTP timestamp's wrap is not a 2^32 jump.
            long d = Math.abs((long) (int) (transit - lastTransit));
            jitter += (d - jitter) / 16.0;
        }
        lastTransit = transit;
        transitKnown = true;
    }

    public boolean started() {
        return started;
    }

    /**
     * The report block for the interval since the last call (fraction lost is per interval).
     *
     * @param lastSenderReport middle 32 bits of the NTP time of the last SR received from it, 0 if none
     * @param delaySinceLastSr since that SR, in units of 1/65536 s, 0 if none
     */
    public ReportBlock reportBlock(long lastSenderReport, long delaySinceLastSr) {
        long extendedMax = cycles + maxSequence;
        long expected = extendedMax - baseSequence + 1;
        long lost = expected - received;
        long expectedInterval = expected - expectedPrior;
        long receivedInterval = received - receivedPrior;
        expectedPrior = expected;
        receivedPrior = received;
        long lostInterval = expectedInterval - receivedInterval;
        int fraction = expectedInterval == 0 || lostInterval <= 0 ? 0 : (int) ((lostInterval << 8) / expectedInterval);
        // 24-bit signed cumulative loss, clamped (duplicates can make it negative).
        long cumulative = Math.max(-0x800000, Math.min(0x7FFFFF, lost));
        return new ReportBlock(ssrc, fraction, (int) cumulative, extendedMax & 0xFFFF_FFFFL, (long) jitter,
                lastSenderReport, delaySinceLastSr);
    }
}
