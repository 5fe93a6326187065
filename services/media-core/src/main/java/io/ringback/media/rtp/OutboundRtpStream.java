package io.ringback.media.rtp;

/**
 * The packets one endpoint sends: one SSRC for the endpoint's life, and sequence numbers and
 * timestamps that continue when the source changes (a prompt, then the bridged leg, then a prompt
 * again), so the far end's jitter buffer never sees a new stream (RFC 3550 §5.1, §8).
 *
 * <p>Own audio (prompts) is numbered here. Relayed packets (bridge) are translated: on the first
 * packet of a new source, offsets are fixed so that its sequence follows our last one and its
 * timestamp follows ours by the time elapsed; afterwards the offsets stay, so the far end still sees
 * the original gaps (loss) and RFC 4733 events keep their shared timestamp.
 *
 * <p>Time is a sample clock (8 kHz ticks) supplied by the caller, so tests step it. Not thread-safe:
 * one endpoint's sender thread owns it.
 */
public final class OutboundRtpStream {

    private static final int SAMPLES_PER_PACKET = 160;

    private final long ssrc;
    private int lastSequence;
    private long lastTimestamp;
    private long lastSentAtSample;
    private boolean sentAny;
    private boolean sourceChanged = true;

    private long relayedSsrc = -1;
    private int sequenceOffset;
    private long timestampOffset;
    private long ownNextTimestamp;

    public OutboundRtpStream(long ssrc, int initialSequence, long initialTimestamp) {
        this.ssrc = ssrc & 0xFFFF_FFFFL;
        this.lastSequence = (initialSequence - 1) & 0xFFFF;
        this.lastTimestamp = initialTimestamp & 0xFFFF_FFFFL;
        this.ownNextTimestamp = this.lastTimestamp;
    }

    public long ssrc() {
        return ssrc;
    }

    /** The source is about to change (prompt to bridge, bridge to prompt): the next packet starts a talkspurt. */
    public void sourceChanged() {
        sourceChanged = true;
        relayedSsrc = -1;
    }

    /**
     * Our own audio frame (prompt playback).
     *
     * @param nowSample the sample clock, used to advance the timestamp over a pause before this frame
     */
    public RtpPacket own(int payloadType, byte[] payload, long nowSample) {
        boolean marker = false;
        if (sourceChanged) {
            marker = true;
            ownNextTimestamp = sentAny ? lastTimestamp + gap(nowSample) : lastTimestamp;
            sourceChanged = false;
        }
        long timestamp = ownNextTimestamp & 0xFFFF_FFFFL;
        ownNextTimestamp = timestamp + payload.length;
        return send(new RtpPacket(marker, payloadType, (lastSequence + 1) & 0xFFFF, timestamp, ssrc, payload), nowSample);
    }

    /**
     * A packet of the bridged leg, translated into this stream.
     *
     * @param payloadType the payload type to send (the far end's numbering)
     * @param payload     the payload to send (transcoded when the laws differ)
     */
    public RtpPacket relay(RtpPacket in, int payloadType, byte[] payload, long nowSample) {
        boolean marker = in.marker();
        if (sourceChanged || in.ssrc() != relayedSsrc) {
            marker = true;
            long nextTimestamp = sentAny ? lastTimestamp + gap(nowSample) : lastTimestamp;
            sequenceOffset = (lastSequence + 1 - in.sequence()) & 0xFFFF;
            timestampOffset = (nextTimestamp - in.timestamp()) & 0xFFFF_FFFFL;
            relayedSsrc = in.ssrc();
            sourceChanged = false;
        }
        int sequence = (in.sequence() + sequenceOffset) & 0xFFFF;
        long timestamp = (in.timestamp() + timestampOffset) & 0xFFFF_FFFFL;
        return send(new RtpPacket(marker, payloadType, sequence, timestamp, ssrc, payload), nowSample);
    }

    private long gap(long nowSample) {
        // At least one packet time, so a timestamp is never reused across a switch.
        return Math.max(SAMPLES_PER_PACKET, nowSample - lastSentAtSample);
    }

    private RtpPacket send(RtpPacket packet, long nowSample) {
        lastSequence = packet.sequence();
        lastTimestamp = packet.timestamp();
        lastSentAtSample = nowSample;
        sentAny = true;
        return packet;
    }
}
