package io.ringback.media.app;

import io.ringback.common.Failure;

import io.ringback.media.codec.Law;
import io.ringback.media.config.MediaConfig;
import io.ringback.media.dtmf.DtmfDigit;
import io.ringback.media.dtmf.DtmfMethod;
import io.ringback.media.ivr.CollectSpec;
import io.ringback.media.ivr.SpokenAmount;
import io.ringback.media.rtp.PortPool;
import io.ringback.media.rtp.PortsExhaustedException;
import io.ringback.media.rtp.RtpBridges;
import io.ringback.media.rtp.RtpEndpoint;
import io.ringback.media.rtp.RtpEngine;
import io.ringback.media.rtp.SessionLease;
import io.ringback.media.sdp.NegotiatedMedia;
import io.ringback.media.sdp.SdpException;
import io.ringback.media.sdp.SdpNegotiator;
import io.ringback.media.wav.G711Wav;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The media server's use cases: endpoints (offer/answer, ports), playback and collection, bridges,
 * DTMF fed by signaling. Events go to the {@link MediaEventBus}. Started with the application, so
 * the RTP threads and the metrics (endpoints, ports in use) exist before the first call.
 */
@ApplicationScoped
@Startup
public class MediaServer {

    /** The default codec preference (media.proto: PCMU, PCMA). */
    public static final List<Law> DEFAULT_LAWS = List.of(Law.PCMU, Law.PCMA);

    /** An endpoint created. */
    public record Created(String endpointId, String localSdp, boolean offer, NegotiatedMedia media,
                          String address, int port) {
    }

    /** What CreateEndpoint asks for the session and the endpoint's life. */
    public record Lifetime(String owner, Duration lease, Duration maxLifetime) {
        public static final Lifetime DEFAULT = new Lifetime("", Duration.ZERO, Duration.ZERO);
    }

    /** The endpoints of one session, their owner and their lease. */
    private static final class Session {
        final String owner;
        final SessionLease lease;
        final Set<String> endpoints = new HashSet<>();

        Session(String owner, SessionLease lease) {
            this.owner = owner;
            this.lease = lease;
        }
    }

    /** Endpoint ids: {@code <instance>~<uuid>}. */
    public static final char INSTANCE_SEPARATOR = '~';
    private static final java.util.regex.Pattern INSTANCE_ID = java.util.regex.Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private final MediaConfig config;
    private final Clock clock;
    private final MediaEventBus bus;
    private final PromptLibrary prompts;
    private final PortPool ports;
    private final RtpEngine engine;
    private final RtpBridges bridges;
    private final ConcurrentHashMap<String, AtomicLong> sequences = new ConcurrentHashMap<>();
    private final Map<String, Session> sessions = new HashMap<>();
    /** SDP o= session id and version per endpoint (RFC 3264 §8: the version grows with each new SDP). */
    private final ConcurrentHashMap<String, long[]> sdpVersions = new ConcurrentHashMap<>();
    private final String instanceId;
    private final String announcedAddress;
    private final LongAdder droppedPackets = new LongAdder();

    public MediaServer(MediaConfig config, Clock clock, MediaEventBus bus, PromptLibrary prompts,
                       MeterRegistry metrics) {
        this.config = config;
        this.clock = clock;
        this.bus = bus;
        this.prompts = prompts;
        this.instanceId = config.instanceId();
        if (!INSTANCE_ID.matcher(instanceId).matches()) {
            throw new IllegalStateException("ringback.media.instance-id '" + instanceId
                    + "' must be 1-63 of a-z, 0-9 and '-', starting and ending with a letter or digit");
        }
        this.announcedAddress = announcedAddress(config.rtp());
        this.ports = new PortPool(config.rtp().address(), config.rtp().portMin(), config.rtp().portMax());
        try {
            this.engine = new RtpEngine(clock, (expired, reason) -> close(expired.id(), reason),
                    Runtime.getRuntime().availableProcessors(), config.rtp().rtcpInterval());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the RTP selector", e);
        }
        this.bridges = new RtpBridges();
        metrics.gauge("ringback.media.endpoints", engine, RtpEngine::size);
        metrics.gauge("ringback.media.rtp.ports.in.use", ports, PortPool::inUse);
        FunctionCounter.builder("ringback.media.rtp.packets.dropped", droppedPackets, LongAdder::doubleValue)
                .description("RTP and RTCP packets received and dropped: malformed, a payload type not negotiated, "
                        + "from a source other than the latched one, or before the endpoint's media was settled")
                .register(metrics);
    }

    @PreDestroy
    void shutdown() {
        engine.close();
    }

    /** The address SDP announces: set explicitly, or the bind address unless that is a wildcard. */
    static String announcedAddress(MediaConfig.Rtp rtp) {
        String announced = rtp.announcedAddress().orElse(rtp.address());
        java.net.InetAddress parsed;
        try {
            if (!announced.matches("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
                throw new java.net.UnknownHostException(announced);
            }
            parsed = java.net.InetAddress.getByName(announced);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException("ringback.media.rtp.announced-address '" + announced
                    + "' must be an IPv4 or IPv6 literal (SDP c= may not name a host)");
        }
        if (parsed.isAnyLocalAddress()) {
            throw new IllegalStateException("ringback.media.rtp.address is the wildcard " + rtp.address()
                    + ": set ringback.media.rtp.announced-address to the address phones send RTP to");
        }
        return announced;
    }

    public String instanceId() {
        return instanceId;
    }

    /**
     * Allocates an endpoint; answers the remote offer, or makes an offer when there is none.
     *
     * @throws SdpException            a malformed offer or no common codec; the port is released
     * @throws PortsExhaustedException no RTP port is free
     */
    public Created createEndpoint(String sessionId, String legId, String remoteSdp, List<Law> preference)
            throws SdpException, PortsExhaustedException {
        return createEndpoint(sessionId, legId, remoteSdp, preference, Lifetime.DEFAULT);
    }

    /**
     * Allocates an endpoint of a session. The first endpoint of a session sets its owner and lease;
     * later ones must name the same owner. Without a lease or maximum lifetime the endpoint lives
     * at most {@code ringback.media.session.max-lifetime}, so that nothing relays forever.
     */
    public Created createEndpoint(String sessionId, String legId, String remoteSdp, List<Law> preference,
                                  Lifetime lifetime) throws SdpException, PortsExhaustedException {
        if (sessionId == null || sessionId.isBlank()) {
            throw Failure.invalidField("session_id", "is empty: every endpoint belongs to a session");
        }
        if (lifetime.lease().isNegative() || lifetime.maxLifetime().isNegative()) {
            throw Failure.invalid("invalid-lifetime", "Invalid lifetime", "lease_ms and max_lifetime_ms may not be negative");
        }
        List<Law> laws = preference.isEmpty() ? DEFAULT_LAWS : List.copyOf(new LinkedHashSet<>(preference));
        String id = instanceId + INSTANCE_SEPARATOR + UUID.randomUUID();
        Instant now = clock.instant();
        Session session = join(sessionId, id, lifetime, now);
        Duration max = !lifetime.maxLifetime().isZero() ? lifetime.maxLifetime()
                : session.lease == null ? config.session().maxLifetime() : null;
        PortPool.Sockets sockets;
        try {
            sockets = ports.allocate();
        } catch (IOException | RuntimeException e) {
            leave(sessionId, id);
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot open an RTP socket", io);
            }
            throw (RuntimeException) e;
        }
        RtpEndpoint endpoint = new RtpEndpoint(id, sessionId, session.lease, max == null ? null : now.plus(max),
                sockets, clock, config.rtp().inactivityTimeout(),
                payload -> publish(id, sessionId, legId, payload), droppedPackets);
        endpoint.allow(laws);
        String address = announcedAddress;
        long[] version = {now.getEpochSecond(), now.getEpochSecond()};
        Created created;
        if (remoteSdp == null || remoteSdp.isBlank()) {
            endpoint.offered(laws);
            created = new Created(id, SdpNegotiator.offer(address, endpoint.localPort(), laws, version[0], version[1]),
                    true, null, address, endpoint.localPort());
        } else {
            SdpNegotiator.Answer answer;
            try {
                answer = SdpNegotiator.answer(remoteSdp, address, endpoint.localPort(), laws, version[0], version[1]);
            } catch (RuntimeException e) {
                release(sockets);
                leave(sessionId, id);
                throw e;
            }
            endpoint.negotiated(answer.media());
            created = new Created(id, answer.sdp(), false, answer.media(), address, endpoint.localPort());
        }
        sdpVersions.put(id, version);
        engine.add(endpoint);
        return created;
    }

    private Session join(String sessionId, String endpointId, Lifetime lifetime, Instant now) {
        synchronized (sessions) {
            Session session = sessions.get(sessionId);
            if (session == null) {
                session = new Session(lifetime.owner(),
                        lifetime.lease().isZero() ? null : new SessionLease(lifetime.lease(), now));
                sessions.put(sessionId, session);
            } else if (!session.owner.equals(lifetime.owner())) {
                throw Failure.conflict("session-owner-mismatch", "Session owned by another",
                        "session " + sessionId + " is owned by '" + session.owner + "', not '" + lifetime.owner() + "'");
            }
            session.endpoints.add(endpointId);
            return session;
        }
    }

    private void leave(String sessionId, String endpointId) {
        boolean ended = false;
        synchronized (sessions) {
            Session session = sessions.get(sessionId);
            if (session != null && session.endpoints.remove(endpointId) && session.endpoints.isEmpty()) {
                sessions.remove(sessionId);
                ended = true;
            }
        }
        if (ended) {
            bus.sessionEnded(sessionId);
        }
    }

    /** Renews a session's lease (only its owner may); answers when it lapses now. */
    public Instant renewSession(String sessionId, String owner) {
        Session session;
        synchronized (sessions) {
            session = sessions.get(sessionId);
        }
        if (session == null) {
            throw Failure.notFound("Session", "no session '" + sessionId + "' on media instance " + instanceId
                    + " (its endpoints are closed, or its lease lapsed)");
        }
        if (!session.owner.equals(owner)) {
            throw Failure.conflict("session-owner-mismatch", "Session owned by another",
                    "session " + sessionId + " is owned by '" + session.owner + "', not '" + owner + "'");
        }
        if (session.lease == null) {
            throw Failure.conflict("no-lease", "No lease", "session " + sessionId
                    + " was created without a lease: its endpoints end at their maximum lifetime");
        }
        return session.lease.renew(clock.instant());
    }

    /** Answers a new remote offer on an established endpoint (a re-INVITE). */
    public SdpNegotiator.Answer updateRemoteOffer(String endpointId, String remoteSdp)
            throws EndpointNotFoundException, SdpException {
        RtpEndpoint endpoint = endpoint(endpointId);
        if (endpoint.media() == null) {
            throw Failure.conflict("not-established", "Not established",
                    "endpoint " + endpointId + " awaits the answer to its offer; a new offer comes after it");
        }
        long[] version = nextVersion(endpointId);
        SdpNegotiator.Answer answer = SdpNegotiator.answer(remoteSdp, announcedAddress, endpoint.localPort(),
                endpoint.allowedLaws(), version[0], version[1]);
        endpoint.negotiated(answer.media());
        return answer;
    }

    /** A new local offer on an established endpoint; its answer comes through setRemoteDescription. */
    public String createOffer(String endpointId, String direction) throws EndpointNotFoundException {
        RtpEndpoint endpoint = endpoint(endpointId);
        String dir = direction == null || direction.isEmpty() ? "sendrecv" : direction;
        if (!List.of("sendrecv", "sendonly", "inactive").contains(dir)) {
            throw Failure.invalidField("direction", "'" + direction + "' is not sendrecv, sendonly or inactive");
        }
        long[] version = nextVersion(endpointId);
        List<Law> laws = endpoint.allowedLaws();
        endpoint.offered(laws);
        return SdpNegotiator.offer(announcedAddress, endpoint.localPort(), laws, version[0], version[1], dir);
    }

    private long[] nextVersion(String endpointId) {
        long[] version = sdpVersions.computeIfAbsent(endpointId, k -> new long[] {clock.instant().getEpochSecond(), 0});
        synchronized (version) {
            version[1]++;
            return version.clone();
        }
    }

    private void release(PortPool.Sockets sockets) {
        try {
            sockets.rtp().close();
            sockets.rtcp().close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            ports.release(sockets.port());
        }
    }

    /** Applies the answer to an endpoint's offer. */
    public NegotiatedMedia setRemoteDescription(String endpointId, String remoteSdp)
            throws EndpointNotFoundException, SdpException {
        RtpEndpoint endpoint = endpoint(endpointId);
        List<Law> offered = endpoint.offeredLaws();
        if (offered == null) {
            throw Failure.conflict("no-offer-pending", "No offer pending",
                    "endpoint " + endpointId + " made no offer awaiting an answer");
        }
        NegotiatedMedia media = SdpNegotiator.applyAnswer(remoteSdp, offered);
        endpoint.negotiated(media);
        return media;
    }

    /** Destroys an endpoint (idempotent): stops its operations, unbridges it, frees its port. */
    public boolean destroy(String endpointId) {
        return close(endpointId, EndpointEvent.CloseReason.DESTROYED);
    }

    private boolean close(String endpointId, EndpointEvent.CloseReason reason) {
        RtpEndpoint endpoint = engine.get(endpointId);
        if (endpoint == null) {
            return false;
        }
        // A lapsed lease or lifetime ends the call: the bridged leg goes with it, or its phone
        // would keep talking to nobody.
        RtpEndpoint peer = reason == EndpointEvent.CloseReason.LEASE_EXPIRED
                || reason == EndpointEvent.CloseReason.MAX_LIFETIME ? endpoint.peer() : null;
        bridges.forget(endpoint);
        boolean removed = engine.remove(endpointId, reason, () -> ports.release(endpoint.localPort()));
        if (removed) {
            sequences.remove(endpointId);
            sdpVersions.remove(endpointId);
            leave(endpoint.sessionId(), endpointId);
        }
        if (peer != null) {
            close(peer.id(), reason);
        }
        return removed;
    }

    /** Plays prompts of the owner's set (null: the platform's), see {@link PromptLibrary}. */
    public String play(String endpointId, UUID promptOwner, List<String> promptIds, String language, boolean loop)
            throws EndpointNotFoundException, PromptNotFoundException {
        RtpEndpoint endpoint = endpoint(endpointId);
        List<G711Wav> audio = load(promptOwner, promptIds, language);
        String operationId = UUID.randomUUID().toString();
        endpoint.play(operationId, audio, loop, false);
        return operationId;
    }

    public String playAndCollect(String endpointId, UUID promptOwner, List<String> promptIds, String language,
                                 CollectSpec spec, boolean clearBuffer)
            throws EndpointNotFoundException, PromptNotFoundException {
        RtpEndpoint endpoint = endpoint(endpointId);
        List<G711Wav> audio = load(promptOwner, promptIds, language);
        String operationId = UUID.randomUUID().toString();
        endpoint.playAndCollect(operationId, audio, spec, clearBuffer);
        return operationId;
    }

    /** Reads digits back, one prompt per digit ("0".."9"; '*' is "star", '#' is "hash"). */
    public String playNumber(String endpointId, UUID promptOwner, String digits, String language, boolean bargeIn)
            throws EndpointNotFoundException, PromptNotFoundException {
        RtpEndpoint endpoint = endpoint(endpointId);
        if (digits == null || digits.isEmpty()) {
            throw Failure.invalidField("digits", "is empty");
        }
        List<String> ids = new ArrayList<>();
        for (char c : digits.toCharArray()) {
            ids.add(switch (c) {
                case '*' -> "star";
                case '#' -> "hash";
                default -> {
                    if (c < '0' || c > '9') {
                        throw Failure.invalidField("digits", "has '" + c + "', which is not 0-9, * or #");
                    }
                    yield String.valueOf(c);
                }
            });
        }
        List<G711Wav> audio = load(promptOwner, ids, language);
        String operationId = UUID.randomUUID().toString();
        endpoint.play(operationId, audio, false, bargeIn);
        return operationId;
    }

    /** The operation started and the prompts it plays. */
    public record Said(String operationId, List<String> promptIds) {
    }

    /** Says an amount of money or a duration in words ({@link SpokenAmount}). */
    public Said sayAmount(String endpointId, UUID promptOwner, java.math.BigDecimal amount, SpokenAmount.Unit unit,
                          String currency, String language, boolean bargeIn)
            throws EndpointNotFoundException, PromptNotFoundException {
        RtpEndpoint endpoint = endpoint(endpointId);
        List<String> ids;
        try {
            ids = SpokenAmount.say(amount, unit, currency, language);
        } catch (IllegalArgumentException e) {
            throw Failure.invalid("invalid-amount", "Invalid amount", e.getMessage());
        }
        List<G711Wav> audio = load(promptOwner, ids, language);
        String operationId = UUID.randomUUID().toString();
        endpoint.play(operationId, audio, false, bargeIn);
        return new Said(operationId, ids);
    }

    public int stop(String endpointId, String operationId) throws EndpointNotFoundException {
        return endpoint(endpointId).stop(operationId == null || operationId.isEmpty() ? null : operationId);
    }

    public String bridge(String a, String b) throws EndpointNotFoundException {
        if (a.equals(b)) {
            throw Failure.invalid("invalid-bridge", "Invalid bridge", "an endpoint cannot be bridged to itself");
        }
        RtpEndpoint first = endpoint(a);
        RtpEndpoint second = endpoint(b);
        if (!first.sessionId().equals(second.sessionId())) {
            throw Failure.conflict("different-sessions", "Different sessions", "endpoint " + a + " belongs to session "
                    + first.sessionId() + ", endpoint " + b + " to session " + second.sessionId()
                    + ": only the legs of one session are bridged");
        }
        return bridges.bridge(first, second);
    }

    public boolean unbridge(String bridgeId) {
        return bridges.unbridge(bridgeId);
    }

    /** A digit signaling received by SIP INFO; false when another DTMF method was seen first. */
    public boolean feedDtmf(String endpointId, char digit, DtmfMethod method, int durationMs)
            throws EndpointNotFoundException {
        if (!DtmfDigit.isDigit(digit)) {
            throw Failure.invalidField("digit", "'" + digit + "' is not a DTMF digit (0-9, *, #, A-D)");
        }
        return endpoint(endpointId).feed(new DtmfDigit(digit, method, durationMs));
    }

    public int portsInUse() {
        return ports.inUse();
    }

    private List<G711Wav> load(UUID owner, List<String> promptIds, String language) throws PromptNotFoundException {
        List<G711Wav> audio = new ArrayList<>(promptIds.size());
        for (String promptId : promptIds) {
            audio.add(prompts.load(owner, language, promptId));
        }
        return audio;
    }

    private RtpEndpoint endpoint(String id) throws EndpointNotFoundException {
        RtpEndpoint endpoint = id == null ? null : engine.get(id);
        if (endpoint == null) {
            int separator = id == null ? -1 : id.indexOf(INSTANCE_SEPARATOR);
            if (separator > 0 && !id.substring(0, separator).equals(instanceId)) {
                throw new EndpointNotFoundException("no endpoint '" + id + "' here: it belongs to media instance '"
                        + id.substring(0, separator) + "', this is '" + instanceId + "'");
            }
            throw new EndpointNotFoundException("no endpoint '" + id + "'");
        }
        return endpoint;
    }

    private void publish(String endpointId, String sessionId, String legId, EndpointEvent.Payload payload) {
        long sequence = sequences.computeIfAbsent(endpointId, k -> new AtomicLong()).incrementAndGet();
        bus.publish(new EndpointEvent(UUID.randomUUID().toString(), clock.instant(), sessionId, legId, endpointId,
                sequence, 0, payload));
    }
}
