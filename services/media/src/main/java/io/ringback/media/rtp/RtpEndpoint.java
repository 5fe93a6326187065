package io.ringback.media.rtp;

import io.ringback.common.Failure;

import io.ringback.media.app.EndpointEvent;
import io.ringback.media.codec.G711;
import io.ringback.media.codec.Law;
import io.ringback.media.dtmf.DtmfDigit;
import io.ringback.media.dtmf.DtmfMethod;
import io.ringback.media.dtmf.DtmfMethodLock;
import io.ringback.media.dtmf.InbandDtmfDetector;
import io.ringback.media.dtmf.TelephoneEvent;
import io.ringback.media.dtmf.TelephoneEventDetector;
import io.ringback.media.ivr.CollectResult;
import io.ringback.media.ivr.CollectSpec;
import io.ringback.media.ivr.PlayAndCollect;
import io.ringback.media.sdp.NegotiatedMedia;
import io.ringback.media.wav.G711Wav;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * One leg's RTP endpoint: a UDP socket, what offer/answer settled, the stream it sends (one SSRC,
 * continuous numbering), DTMF detection on what it receives, the playback and collect running on
 * it, and the endpoint it is bridged to.
 *
 * <p>Threads: the receive thread calls {@link #onDatagram}, the pacing thread {@link #tick}, gRPC
 * workers the operations; all state is guarded by the endpoint's monitor. Events are delivered to
 * subscribers after the monitor is released. A relay to the bridged
 * endpoint happens after this monitor is released, so two bridged endpoints never hold each
 * other's monitors (no deadlock).
 */
public final class RtpEndpoint {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_BUFFERED_DIGITS = 64;
    /**
     * Another source takes the stream over only after the current one (the SDP address until the
     * first packet from it) has sent nothing for this long: a NAT rebinding, or a phone behind a NAT
     * whose SDP names its private address.
     */
    static final Duration RELATCH_AFTER = Duration.ofSeconds(1);

    private final String id;
    private final String sessionId;
    /** The session's lease, or null when the endpoint lives by its maximum lifetime only. */
    private final SessionLease lease;
    /** When the endpoint closes whatever happens; null with a lease and no maximum. */
    private final Instant closesAt;
    private final DatagramChannel channel;
    private final DatagramChannel rtcpChannel;
    private final Rtcp rtcp = new Rtcp();
    private final ReceptionStatistics reception = new ReceptionStatistics();
    private final int localPort;
    private final Clock clock;
    private final Duration inactivityTimeout;
    private final Consumer<EndpointEvent.Payload> events;
    /** Shared by all endpoints: received packets dropped (the ringback.media.rtp.packets.dropped metric). */
    private final LongAdder dropped;

    private final OutboundRtpStream out;
    private final TelephoneEventDetector telephoneEvents = new TelephoneEventDetector();
    private final InbandDtmfDetector inband = new InbandDtmfDetector();
    private final DtmfMethodLock dtmfLock = new DtmfMethodLock();
    private final Deque<DtmfDigit> buffered = new ArrayDeque<>();
    /**
     * Events raised under the monitor, delivered after it is released (subscribers never run while
     * this endpoint is locked), in the order raised: one thread at a time drains the queue.
     */
    private final Queue<EndpointEvent.Payload> pendingEvents = new ConcurrentLinkedQueue<>();
    private final Object eventDelivery = new Object();
    /** Reused for every send (guarded by the monitor): no per-packet array or heap-to-direct copy. */
    private final ByteBuffer sendBuffer = ByteBuffer.allocateDirect(1500);

    private NegotiatedMedia media;
    private List<Law> offered;
    private List<Law> allowedLaws = List.of(Law.PCMU, Law.PCMA);
    private InetSocketAddress sdpRemote;
    private InetSocketAddress latched;
    /** When the current source last sent (or, before any packet, when the endpoint was created or negotiated). */
    private Instant lastFromSource;
    private Playback playback;
    private PlayAndCollect collect;
    private String collectOperation;
    private RtpEndpoint peer;
    private String bridgeId;
    private boolean userLegOfBridge;
    private Instant lastReceived;
    private boolean timedOut;
    private boolean closed;
    private long packetsReceived;
    private long packetsSent;
    private long octetsSent;
    private boolean sentSinceReport;
    private long lastSentTimestamp;
    private long lastSentSample;
    private long lastSrMiddle;
    private long lastSrAtNanos;
    private InetSocketAddress rtcpLatched;

    public RtpEndpoint(String id, PortPool.Sockets sockets, Clock clock,
                       Duration inactivityTimeout, Consumer<EndpointEvent.Payload> events, LongAdder dropped) {
        this(id, "", null, null, sockets, clock, inactivityTimeout, events, dropped);
    }

    /**
     * @param lease    the session's lease (null: none)
     * @param closesAt the end of the endpoint's maximum lifetime (null: none)
     */
    public RtpEndpoint(String id, String sessionId, SessionLease lease, Instant closesAt, PortPool.Sockets sockets,
                       Clock clock, Duration inactivityTimeout, Consumer<EndpointEvent.Payload> events,
                       LongAdder dropped) {
        this.id = id;
        this.sessionId = sessionId;
        this.lease = lease;
        this.closesAt = closesAt;
        this.channel = sockets.rtp();
        this.rtcpChannel = sockets.rtcp();
        this.localPort = sockets.port();
        this.clock = clock;
        this.inactivityTimeout = inactivityTimeout;
        this.events = events;
        this.dropped = dropped;
        // An offer never answered must not hold its port: the inactivity timer runs from creation.
        this.lastReceived = clock.instant();
        this.lastFromSource = lastReceived;
        // RFC 3550 §5.1: random SSRC and random initial sequence number and timestamp.
        this.out = new OutboundRtpStream(RANDOM.nextInt() & 0xFFFF_FFFFL, RANDOM.nextInt(0x10000),
                RANDOM.nextInt() & 0xFFFF_FFFFL);
    }

    public String id() {
        return id;
    }

    public String sessionId() {
        return sessionId;
    }

    /** The endpoint bridged to this one, or null. */
    public synchronized RtpEndpoint peer() {
        return peer;
    }

    public int localPort() {
        return localPort;
    }

    DatagramChannel channel() {
        return channel;
    }

    DatagramChannel rtcpChannel() {
        return rtcpChannel;
    }

    Rtcp rtcp() {
        return rtcp;
    }

    /** The endpoint's RTCP socket, as the receive thread sees it. */
    final class Rtcp {
        void onDatagram(byte[] data, int length, InetSocketAddress from) {
            onRtcp(data, length, from);
        }
    }

    /** What was negotiated; null while our offer awaits its answer. */
    public synchronized NegotiatedMedia media() {
        return media;
    }

    public synchronized void offered(List<Law> laws) {
        offered = List.copyOf(laws);
    }

    /** The laws this endpoint may negotiate (the creation's codec preference), for later offers. */
    public synchronized void allow(List<Law> laws) {
        allowedLaws = List.copyOf(laws);
    }

    public synchronized List<Law> allowedLaws() {
        return allowedLaws;
    }

    public synchronized List<Law> offeredLaws() {
        return offered;
    }

    /** Settles the media; RTP goes to the SDP address until the far end's packets latch it. */
    public synchronized void negotiated(NegotiatedMedia negotiated) {
        if (media != null) {
            // A re-INVITE: a new talkspurt (marker, timestamps advanced by the pause), numbers continue.
            out.sourceChanged();
        }
        media = negotiated;
        offered = null;
        InetSocketAddress remote = new InetSocketAddress(negotiated.remoteAddress(), negotiated.remotePort());
        if (!remote.equals(sdpRemote)) {
            latched = null;
        }
        sdpRemote = remote;
        lastReceived = clock.instant();
        lastFromSource = lastReceived;
    }

    // ----------------------------------------------------------------------------------------
    // Receive side (receive thread)
    // ----------------------------------------------------------------------------------------

    /** One datagram from the socket. Never throws for bad input. */
    void onDatagram(byte[] data, int length, InetSocketAddress from, long nowSample) {
        RtpParseResult parsed = RtpPacket.parse(data, 0, length);
        RtpEndpoint relayTo;
        RtpPacket packet;
        Law law;
        boolean audio;
        synchronized (this) {
            if (!parsed.isPacket() || closed || media == null) {
                dropped.increment();
                return;
            }
            packet = parsed.packet();
            law = media.law();
            audio = packet.payloadType() == law.payloadType();
            boolean event = media.telephoneEventPayloadType() != 0
                    && packet.payloadType() == media.telephoneEventPayloadType();
            if (!audio && !event) {
                // A payload type not negotiated on this endpoint.
                dropped.increment();
                return;
            }
            // Symmetric RTP (RFC 4961): send where the far end's packets come from, so replies cross
            // its NAT. The SDP address is preferred; another source is ignored (and counted) while
            // the current one is sending, so a stray or hostile sender cannot capture the stream.
            Instant now = clock.instant();
            InetSocketAddress current = latched != null ? latched : sdpRemote;
            if (!from.equals(current) && Duration.between(lastFromSource, now).compareTo(RELATCH_AFTER) < 0) {
                dropped.increment();
                return;
            }
            latched = from;
            lastFromSource = now;
            packetsReceived++;
            reception.onPacket(packet, audio, nowSample);
            lastReceived = now;
            timedOut = false;
            List<DtmfDigit> digits = new ArrayList<>(1);
            if (audio) {
                boolean listening = peer == null || userLegOfBridge;
                if (listening && (dtmfLock.locked() == null || dtmfLock.locked() == DtmfMethod.INBAND)) {
                    digits.addAll(inband.onSamples(G711.decode(law, packet.payload())));
                }
                telephoneEvents.expire(packet.timestamp()).ifPresent(digits::add);
            } else {
                Optional<TelephoneEvent> telephoneEvent = TelephoneEvent.parse(packet.payload());
                if (telephoneEvent.isPresent()) {
                    // Locked on the first event packet, not on its end: an in-band detection of the
                    // same key finishes sooner and would otherwise lock out every later RFC 4733 digit.
                    dtmfLock.accept(DtmfMethod.RFC4733);
                    digits.addAll(telephoneEvents.onPacket(packet.timestamp(), telephoneEvent.get()));
                }
            }
            for (DtmfDigit digit : digits) {
                onDigit(digit);
            }
            relayTo = peer;
        }
        deliverEvents();
        if (relayTo != null) {
            relayTo.relayFrom(packet, law, audio, nowSample);
        }
    }

    /** A packet of the bridged endpoint, sent on in this leg's law and numbering. */
    private synchronized void relayFrom(RtpPacket in, Law fromLaw, boolean audio, long nowSample) {
        if (closed || media == null || playback != null || !sending()) {
            // A prompt playing on this leg (the warning tone) replaces the other leg's audio meanwhile.
            return;
        }
        int payloadType;
        byte[] payload;
        if (audio) {
            payloadType = media.law().payloadType();
            payload = G711.transcode(fromLaw, media.law(), in.payload());
        } else {
            if (media.telephoneEventPayloadType() == 0) {
                return;
            }
            payloadType = media.telephoneEventPayloadType();
            payload = in.payload();
        }
        send(out.relay(in, payloadType, payload, nowSample), nowSample);
    }

    /**
     * Whether a packet may go out now. Asked before a packet is numbered, so that the sequence
     * numbers continue without a gap after a hold (RFC 3550: a gap means loss).
     */
    private boolean sending() {
        // Answered recvonly or inactive (the far end holds the call): nothing may be sent to it.
        return media != null && media.weSend() && (latched != null || sdpRemote != null);
    }

    private void send(RtpPacket packet, long nowSample) {
        InetSocketAddress to = latched != null ? latched : sdpRemote;
        try {
            sendBuffer.clear();
            packet.writeTo(sendBuffer);
            sendBuffer.flip();
            if (channel.send(sendBuffer, to) > 0) {
                packetsSent++;
                octetsSent += packet.payloadLength();
                sentSinceReport = true;
                lastSentTimestamp = packet.timestamp();
                lastSentSample = nowSample;
            }
        } catch (IOException | RuntimeException e) {
            // UDP send errors (ICMP unreachable reported on the next send) are transient on a call,
            // and the packet is lost either way; an unusable address (refused at negotiation
            // already) must not throw per packet either.
        }
    }

    // ----------------------------------------------------------------------------------------
    // DTMF
    // ----------------------------------------------------------------------------------------

    /** A digit from SIP INFO (or any method); false when another method was seen first. */
    public boolean feed(DtmfDigit digit) {
        boolean accepted;
        synchronized (this) {
            accepted = !closed && onDigit(digit);
        }
        deliverEvents();
        return accepted;
    }

    private void emit(EndpointEvent.Payload event) {
        pendingEvents.add(event);
    }

    /** Hands the raised events to the subscribers; never called while holding this monitor. */
    private void deliverEvents() {
        synchronized (eventDelivery) {
            EndpointEvent.Payload event;
            while ((event = pendingEvents.poll()) != null) {
                events.accept(event);
            }
        }
    }

    private boolean onDigit(DtmfDigit digit) {
        if (!dtmfLock.accept(digit.method())) {
            return false;
        }
        emit(new EndpointEvent.DtmfDetected(digit.digit(), digit.method(), digit.durationMs()));
        if (collect != null) {
            PlayAndCollect.Action action = collect.onDigit(digit, clock.instant());
            if (action == PlayAndCollect.Action.STOP_PROMPTS && playback != null
                    && playback.operationId().equals(collectOperation)) {
                playback = null;
                out.sourceChanged();
            }
            finishCollectIfDone();
        } else {
            if (playback != null && playback.bargeIn()) {
                endPlayback(EndpointEvent.PlaybackEnd.BARGED_IN);
            }
            if (buffered.size() == MAX_BUFFERED_DIGITS) {
                buffered.removeFirst();
            }
            buffered.addLast(digit);
        }
        return true;
    }

    // ----------------------------------------------------------------------------------------
    // Operations (gRPC workers)
    // ----------------------------------------------------------------------------------------

    public void play(String operationId, List<G711Wav> prompts, boolean loop, boolean bargeIn) {
        try {
            playLocked(operationId, prompts, loop, bargeIn);
        } finally {
            deliverEvents();
        }
    }

    private synchronized void playLocked(String operationId, List<G711Wav> prompts, boolean loop, boolean bargeIn) {
        checkOpen();
        if (playback != null) {
            endPlayback(EndpointEvent.PlaybackEnd.STOPPED);
        }
        playback = new Playback(operationId, prompts, loop, bargeIn);
        out.sourceChanged();
    }

    public void playAndCollect(String operationId, List<G711Wav> prompts, CollectSpec spec, boolean clearBuffer) {
        try {
            playAndCollectLocked(operationId, prompts, spec, clearBuffer);
        } finally {
            deliverEvents();
        }
    }

    private synchronized void playAndCollectLocked(String operationId, List<G711Wav> prompts, CollectSpec spec,
                                                   boolean clearBuffer) {
        checkOpen();
        if (collect != null) {
            collect.stop();
            finishCollectIfDone();
        }
        if (playback != null) {
            endPlayback(EndpointEvent.PlaybackEnd.STOPPED);
        }
        List<DtmfDigit> typedAhead = clearBuffer ? List.of() : List.copyOf(buffered);
        buffered.clear();
        collect = new PlayAndCollect(spec, typedAhead, clock.instant());
        collectOperation = operationId;
        if (collect.isPlaying()) {
            if (prompts.isEmpty()) {
                collect.onPromptsFinished(clock.instant());
            } else {
                playback = new Playback(operationId, prompts, false, spec.bargeIn());
                out.sourceChanged();
            }
        }
        finishCollectIfDone();
    }

    /** Stops one operation (or all with null); answers how many were running. */
    public int stop(String operationId) {
        try {
            return stopLocked(operationId);
        } finally {
            deliverEvents();
        }
    }

    private synchronized int stopLocked(String operationId) {
        int stopped = 0;
        if (collect != null && (operationId == null || operationId.equals(collectOperation))) {
            if (playback != null && playback.operationId().equals(collectOperation)) {
                playback = null;
                out.sourceChanged();
            }
            collect.stop();
            finishCollectIfDone();
            stopped++;
        }
        if (playback != null && (operationId == null || operationId.equals(playback.operationId()))) {
            endPlayback(EndpointEvent.PlaybackEnd.STOPPED);
            stopped++;
        }
        return stopped;
    }

    private void checkOpen() {
        if (closed) {
            throw Failure.conflict("endpoint-closed", "Endpoint closed", "endpoint " + id + " is closed");
        }
    }

    private void endPlayback(EndpointEvent.PlaybackEnd reason) {
        Playback ended = playback;
        playback = null;
        out.sourceChanged();
        if (collect != null && ended.operationId().equals(collectOperation)) {
            collect.onPromptsFinished(clock.instant());
        } else {
            emit(new EndpointEvent.PlaybackFinished(ended.operationId(), reason, ""));
        }
    }

    private void finishCollectIfDone() {
        if (collect != null && collect.result().isPresent()) {
            CollectResult result = collect.result().get();
            String operationId = collectOperation;
            collect = null;
            collectOperation = null;
            emit(new EndpointEvent.DigitsCollected(operationId, result));
        }
    }

    // ----------------------------------------------------------------------------------------
    // Bridge
    // ----------------------------------------------------------------------------------------

    synchronized String bridgeId() {
        return bridgeId;
    }

    /**
     * @param userLeg whether this is the user's leg (Bridge's endpoint A): while bridged, in-band
     *                DTMF is listened for on the user's leg only (a later feature lets the user pick a
     *                new destination); RFC 4733 events are detected on both legs, they cost nothing
     */
    synchronized void bridgeTo(RtpEndpoint other, String bridge, boolean userLeg) {
        checkOpen();
        if (peer != null) {
            throw Failure.conflict("already-bridged", "Already bridged",
                    "endpoint " + id + " is already bridged (" + bridgeId + ")");
        }
        peer = other;
        bridgeId = bridge;
        userLegOfBridge = userLeg;
        out.sourceChanged();
    }

    synchronized void unbridge() {
        peer = null;
        bridgeId = null;
        out.sourceChanged();
    }

    // ----------------------------------------------------------------------------------------
    // Pacing (pacing thread)
    // ----------------------------------------------------------------------------------------

    /**
     * Every 20 ms: the next prompt frame, collect timers, the inactivity check.
     *
     * @return why the endpoint must be closed now (media timeout, lapsed lease, maximum lifetime), or null
     */
    EndpointEvent.CloseReason tick(Instant now, long nowSample) {
        try {
            return tickLocked(now, nowSample);
        } finally {
            deliverEvents();
        }
    }

    private synchronized EndpointEvent.CloseReason tickLocked(Instant now, long nowSample) {
        if (closed) {
            return null;
        }
        if (lease != null && lease.lapsed(now)) {
            return EndpointEvent.CloseReason.LEASE_EXPIRED;
        }
        if (closesAt != null && !now.isBefore(closesAt)) {
            return EndpointEvent.CloseReason.MAX_LIFETIME;
        }
        if (playback != null && media != null) {
            byte[] frame = playback.nextFrame(media.law());
            if (frame == null) {
                endPlayback(EndpointEvent.PlaybackEnd.COMPLETED);
            } else if (sending()) {
                send(out.own(media.law().payloadType(), frame, nowSample), nowSample);
            }
        }
        if (collect != null) {
            collect.onTick(now);
            finishCollectIfDone();
        }
        // On hold (we are sendonly or inactive) the far end sends nothing: silence is no failure then.
        boolean expectingMedia = media == null || media.peerSends();
        if (!timedOut && expectingMedia && Duration.between(lastReceived, now).compareTo(inactivityTimeout) >= 0) {
            timedOut = true;
            emit(new EndpointEvent.MediaTimeout(Duration.between(lastReceived, now).toMillis()));
            return EndpointEvent.CloseReason.MEDIA_TIMEOUT;
        }
        return null;
    }

    // ----------------------------------------------------------------------------------------
    // RTCP (RFC 3550 §6): a report every interval, SR when we sent RTP since the last one
    // ----------------------------------------------------------------------------------------

    /** 1900-01-01 to 1970-01-01 in seconds, for NTP timestamps. */
    private static final long NTP_EPOCH_OFFSET = 2_208_988_800L;

    private synchronized void onRtcp(byte[] data, int length, InetSocketAddress from) {
        RtcpPacket.Received report = RtcpPacket.parse(data, length);
        if (report == null || closed) {
            dropped.increment();
            return;
        }
        // Symmetric RTCP as for RTP: reply where the far end's reports come from.
        if (rtcpLatched == null) {
            rtcpLatched = from;
        } else if (!rtcpLatched.equals(from)) {
            dropped.increment();
            return;
        }
        if (report.packetType() == RtcpPacket.SR) {
            lastSrMiddle = report.ntpMiddle32();
            lastSrAtNanos = System.nanoTime();
        }
    }

    synchronized void sendRtcp(Instant now, long nowSample) {
        if (closed || media == null) {
            return;
        }
        InetSocketAddress rtpTarget = latched != null ? latched : sdpRemote;
        InetSocketAddress to = rtcpLatched != null ? rtcpLatched
                : new InetSocketAddress(rtpTarget.getAddress(), rtpTarget.getPort() + 1);
        ReportBlock block = null;
        if (reception.started()) {
            long delay = lastSrMiddle == 0 ? 0 : (System.nanoTime() - lastSrAtNanos) * 65536 / 1_000_000_000L;
            block = reception.reportBlock(lastSrMiddle, delay);
        }
        String cname = "ringback@" + ((InetSocketAddress) localAddress()).getHostString();
        byte[] report;
        if (sentSinceReport) {
            long ntp = ((now.getEpochSecond() + NTP_EPOCH_OFFSET) << 32) | ((long) now.getNano() * (1L << 32) / 1_000_000_000L);
            long rtpTimestamp = (lastSentTimestamp + (nowSample - lastSentSample)) & 0xFFFF_FFFFL;
            report = RtcpPacket.senderReport(out.ssrc(), ntp, rtpTimestamp, packetsSent, octetsSent, block, cname);
        } else {
            report = RtcpPacket.receiverReport(out.ssrc(), block, cname);
        }
        sentSinceReport = false;
        try {
            rtcpChannel.send(ByteBuffer.wrap(report), to);
        } catch (IOException e) {
            // Like RTP: a lost report is harmless, the next one follows.
        }
    }

    private SocketAddress localAddress() {
        try {
            return channel.getLocalAddress();
        } catch (IOException e) {
            return new InetSocketAddress(0);
        }
    }

    /** Closes the socket, ends operations, reports EndpointClosed. Idempotent; false when already closed. */
    boolean close(EndpointEvent.CloseReason reason) {
        RtpEndpoint bridged;
        synchronized (this) {
            if (closed) {
                return false;
            }
            stopLocked(null);
            closed = true;
            bridged = peer;
            peer = null;
            bridgeId = null;
            try {
                channel.close();
                rtcpChannel.close();
            } catch (IOException e) {
                // The socket is gone either way; the port is released by the caller.
            }
            emit(new EndpointEvent.EndpointClosed(reason, packetsReceived, packetsSent));
        }
        deliverEvents();
        if (bridged != null) {
            bridged.unbridge();
        }
        return true;
    }
}
