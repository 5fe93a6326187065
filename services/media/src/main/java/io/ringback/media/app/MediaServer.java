package io.ringback.media.app;

import io.ringback.common.Failure;

import io.ringback.media.codec.Law;
import io.ringback.media.config.MediaConfig;
import io.ringback.media.dtmf.DtmfDigit;
import io.ringback.media.dtmf.DtmfMethod;
import io.ringback.media.ivr.CollectSpec;
import io.ringback.media.rtp.PortPool;
import io.ringback.media.rtp.PortsExhaustedException;
import io.ringback.media.rtp.RtpBridges;
import io.ringback.media.rtp.RtpEndpoint;
import io.ringback.media.rtp.RtpEngine;
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

    private final MediaConfig config;
    private final Clock clock;
    private final MediaEventBus bus;
    private final PromptLibrary prompts;
    private final PortPool ports;
    private final RtpEngine engine;
    private final RtpBridges bridges;
    private final ConcurrentHashMap<String, AtomicLong> sequences = new ConcurrentHashMap<>();
    private final LongAdder droppedPackets = new LongAdder();

    public MediaServer(MediaConfig config, Clock clock, MediaEventBus bus, PromptLibrary prompts,
                       MeterRegistry metrics) {
        this.config = config;
        this.clock = clock;
        this.bus = bus;
        this.prompts = prompts;
        this.ports = new PortPool(config.rtp().address(), config.rtp().portMin(), config.rtp().portMax());
        try {
            this.engine = new RtpEngine(clock, timedOut -> close(timedOut.id(), EndpointEvent.CloseReason.MEDIA_TIMEOUT),
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

    /**
     * Allocates an endpoint; answers the remote offer, or makes an offer when there is none.
     *
     * @throws SdpException            a malformed offer or no common codec; the port is released
     * @throws PortsExhaustedException no RTP port is free
     */
    public Created createEndpoint(String sessionId, String legId, String remoteSdp, List<Law> preference)
            throws SdpException, PortsExhaustedException {
        List<Law> laws = preference.isEmpty() ? DEFAULT_LAWS : List.copyOf(new LinkedHashSet<>(preference));
        String id = UUID.randomUUID().toString();
        PortPool.Sockets sockets;
        try {
            sockets = ports.allocate();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open an RTP socket", e);
        }
        RtpEndpoint endpoint = new RtpEndpoint(id, sockets, clock, config.rtp().inactivityTimeout(),
                payload -> publish(id, sessionId, legId, payload), droppedPackets);
        String address = config.rtp().address();
        long version = clock.millis() / 1000;
        Created created;
        if (remoteSdp == null || remoteSdp.isBlank()) {
            endpoint.offered(laws);
            created = new Created(id, SdpNegotiator.offer(address, endpoint.localPort(), laws, version), true, null,
                    address, endpoint.localPort());
        } else {
            SdpNegotiator.Answer answer;
            try {
                answer = SdpNegotiator.answer(remoteSdp, address, endpoint.localPort(), laws, version);
            } catch (SdpException e) {
                release(sockets);
                throw e;
            }
            endpoint.negotiated(answer.media());
            created = new Created(id, answer.sdp(), false, answer.media(), address, endpoint.localPort());
        }
        engine.add(endpoint);
        return created;
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
        bridges.forget(endpoint);
        boolean removed = engine.remove(endpointId, reason, () -> ports.release(endpoint.localPort()));
        if (removed) {
            sequences.remove(endpointId);
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

    public int stop(String endpointId, String operationId) throws EndpointNotFoundException {
        return endpoint(endpointId).stop(operationId == null || operationId.isEmpty() ? null : operationId);
    }

    public String bridge(String a, String b) throws EndpointNotFoundException {
        if (a.equals(b)) {
            throw Failure.invalid("invalid-bridge", "Invalid bridge", "an endpoint cannot be bridged to itself");
        }
        return bridges.bridge(endpoint(a), endpoint(b));
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
            throw new EndpointNotFoundException("no endpoint '" + id + "'");
        }
        return endpoint;
    }

    private void publish(String endpointId, String sessionId, String legId, EndpointEvent.Payload payload) {
        long sequence = sequences.computeIfAbsent(endpointId, k -> new AtomicLong()).incrementAndGet();
        bus.publish(new EndpointEvent(UUID.randomUUID().toString(), clock.instant(), sessionId, legId, endpointId,
                sequence, payload));
    }
}
