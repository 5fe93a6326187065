package io.ringback.media.app;

import io.ringback.media.dtmf.DtmfMethod;
import io.ringback.media.ivr.CollectResult;

import java.time.Instant;

/**
 * What an endpoint reports, in the order it happened ({@code sequence} increases per endpoint,
 * {@code sessionSequence} by one per event of the session).
 * The gRPC adapter turns these into {@code ringback.media.v1.MediaEvent}.
 */
public record EndpointEvent(String eventId, Instant occurredAt, String sessionId, String legId, String endpointId,
                            long sequence, long sessionSequence, Payload payload) {

    /** The kinds of event. */
    public sealed interface Payload {
    }

    public record DigitsCollected(String operationId, CollectResult result) implements Payload {
    }

    public record DtmfDetected(char digit, DtmfMethod method, int durationMs) implements Payload {
    }

    /** Why a playback ended (the proto's PlaybackEndReason). */
    public enum PlaybackEnd { COMPLETED, STOPPED, BARGED_IN, ERROR }

    public record PlaybackFinished(String operationId, PlaybackEnd reason, String failedPromptId) implements Payload {
    }

    public record MediaTimeout(long inactivityMs) implements Payload {
    }

    /** Why an endpoint closed (the proto's EndpointCloseReason). */
    public enum CloseReason { DESTROYED, MEDIA_TIMEOUT, ERROR, LEASE_EXPIRED, MAX_LIFETIME }

    public record EndpointClosed(CloseReason reason, long packetsReceived, long packetsSent) implements Payload {
    }
}
