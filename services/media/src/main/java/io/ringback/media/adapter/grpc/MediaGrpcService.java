package io.ringback.media.adapter.grpc;

import io.ringback.common.Failure;

import com.google.protobuf.Timestamp;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.ringback.service.grpc.GrpcFailures;
import io.ringback.media.app.EndpointEvent;
import io.ringback.media.app.MediaEventBus;
import io.ringback.media.app.MediaServer;
import io.ringback.media.app.PromptLibrary;
import io.ringback.media.codec.Law;
import io.ringback.media.ivr.CollectSpec;
import io.ringback.media.sdp.NegotiatedMedia;
import io.ringback.proto.media.v1.BridgeRequest;
import io.ringback.proto.media.v1.BridgeResponse;
import io.ringback.proto.media.v1.Codec;
import io.ringback.proto.media.v1.CollectEndReason;
import io.ringback.proto.media.v1.CheckPromptsRequest;
import io.ringback.proto.media.v1.CheckPromptsResponse;
import io.ringback.proto.media.v1.CreateEndpointRequest;
import io.ringback.proto.media.v1.CreateOfferRequest;
import io.ringback.proto.media.v1.CreateOfferResponse;
import io.ringback.proto.media.v1.RenewSessionRequest;
import io.ringback.proto.media.v1.SayAmountRequest;
import io.ringback.proto.media.v1.SayAmountResponse;
import io.ringback.proto.media.v1.RenewSessionResponse;
import io.ringback.proto.media.v1.UpdateRemoteOfferRequest;
import io.ringback.proto.media.v1.UpdateRemoteOfferResponse;
import io.ringback.proto.media.v1.CreateEndpointResponse;
import io.ringback.proto.media.v1.DestroyEndpointRequest;
import io.ringback.proto.media.v1.DestroyEndpointResponse;
import io.ringback.proto.media.v1.DigitsCollected;
import io.ringback.proto.media.v1.DtmfDetected;
import io.ringback.proto.media.v1.DtmfMethod;
import io.ringback.proto.media.v1.EndpointCloseReason;
import io.ringback.proto.media.v1.EndpointClosed;
import io.ringback.proto.media.v1.EventsRequest;
import io.ringback.proto.media.v1.FeedDtmfRequest;
import io.ringback.proto.media.v1.FeedDtmfResponse;
import io.ringback.proto.media.v1.MediaEvent;
import io.ringback.proto.media.v1.MediaServiceGrpc;
import io.ringback.proto.media.v1.MediaTimeout;
import io.ringback.proto.media.v1.PlayAndCollectRequest;
import io.ringback.proto.media.v1.PlayAndCollectResponse;
import io.ringback.proto.media.v1.PlayNumberRequest;
import io.ringback.proto.media.v1.PlayNumberResponse;
import io.ringback.proto.media.v1.PlayRequest;
import io.ringback.proto.media.v1.PlayResponse;
import io.ringback.proto.media.v1.PlaybackEndReason;
import io.ringback.proto.media.v1.PlaybackFinished;
import io.ringback.proto.media.v1.SdpType;
import io.ringback.proto.media.v1.SetRemoteDescriptionRequest;
import io.ringback.proto.media.v1.SetRemoteDescriptionResponse;
import io.ringback.proto.media.v1.StopRequest;
import io.ringback.proto.media.v1.StopResponse;
import io.ringback.proto.media.v1.UnbridgeRequest;
import io.ringback.proto.media.v1.UnbridgeResponse;
import io.smallrye.common.annotation.Blocking;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Serves {@code ringback.media.v1.MediaService}: maps requests onto {@link MediaServer}, its
 * errors onto the status codes of media.proto's error model, and endpoint events onto the Events
 * stream. Blocking: prompt loading may read the database.
 */
@GrpcService
@Blocking
public class MediaGrpcService extends MediaServiceGrpc.MediaServiceImplBase {

    private final MediaServer server;
    private final MediaEventBus bus;
    private final PromptLibrary prompts;

    public MediaGrpcService(MediaServer server, MediaEventBus bus, PromptLibrary prompts) {
        this.server = server;
        this.prompts = prompts;
        this.bus = bus;
    }

    /** A call body; what it throws is answered as a status by {@link GrpcFailures}. */
    private interface Call<T> {
        T run();
    }

    private static <T> void answer(StreamObserver<T> response, Call<T> call) {
        T value;
        try {
            value = call.run();
        } catch (RuntimeException e) {
            response.onError(GrpcFailures.toStatus(e));
            return;
        }
        response.onNext(value);
        response.onCompleted();
    }

    @Override
    public void createEndpoint(CreateEndpointRequest request, StreamObserver<CreateEndpointResponse> response) {
        answer(response, () -> {
            List<Law> preference = new ArrayList<>();
            for (Codec codec : request.getCodecPreferenceList()) {
                preference.add(law(codec));
            }
            MediaServer.Created created = server.createEndpoint(request.getSessionId(), request.getLegId(),
                    request.getRemoteSdp(), preference, new MediaServer.Lifetime(request.getSessionOwner(),
                            Duration.ofMillis(request.getLeaseMs()), Duration.ofMillis(request.getMaxLifetimeMs())));
            CreateEndpointResponse.Builder out = CreateEndpointResponse.newBuilder()
                    .setEndpointId(created.endpointId())
                    .setLocalSdp(created.localSdp())
                    .setLocalSdpType(created.offer() ? SdpType.SDP_TYPE_OFFER : SdpType.SDP_TYPE_ANSWER)
                    .setLocalRtpAddress(created.address())
                    .setLocalRtpPort(created.port())
                    .setInstanceId(server.instanceId());
            if (created.media() != null) {
                out.setCodec(codec(created.media().law()))
                        .setTelephoneEventPayloadType(created.media().telephoneEventPayloadType());
            }
            return out.build();
        });
    }

    @Override
    public void setRemoteDescription(SetRemoteDescriptionRequest request,
                                     StreamObserver<SetRemoteDescriptionResponse> response) {
        answer(response, () -> {
            NegotiatedMedia media = server.setRemoteDescription(request.getEndpointId(), request.getRemoteSdp());
            return SetRemoteDescriptionResponse.newBuilder().setCodec(codec(media.law()))
                    .setTelephoneEventPayloadType(media.telephoneEventPayloadType()).build();
        });
    }

    @Override
    public void renewSession(RenewSessionRequest request, StreamObserver<RenewSessionResponse> response) {
        answer(response, () -> {
            java.time.Instant expires = server.renewSession(request.getSessionId(), request.getSessionOwner());
            return RenewSessionResponse.newBuilder().setLeaseExpiresAt(Timestamp.newBuilder()
                    .setSeconds(expires.getEpochSecond()).setNanos(expires.getNano())).build();
        });
    }

    @Override
    public void updateRemoteOffer(UpdateRemoteOfferRequest request, StreamObserver<UpdateRemoteOfferResponse> response) {
        answer(response, () -> {
            io.ringback.media.sdp.SdpNegotiator.Answer answer = server.updateRemoteOffer(request.getEndpointId(),
                    request.getRemoteSdp());
            return UpdateRemoteOfferResponse.newBuilder().setLocalSdp(answer.sdp())
                    .setCodec(codec(answer.media().law()))
                    .setTelephoneEventPayloadType(answer.media().telephoneEventPayloadType()).build();
        });
    }

    @Override
    public void createOffer(CreateOfferRequest request, StreamObserver<CreateOfferResponse> response) {
        answer(response, () -> CreateOfferResponse.newBuilder()
                .setLocalSdp(server.createOffer(request.getEndpointId(), request.getDirection())).build());
    }

    @Override
    public void destroyEndpoint(DestroyEndpointRequest request, StreamObserver<DestroyEndpointResponse> response) {
        answer(response, () -> DestroyEndpointResponse.newBuilder()
                .setExisted(server.destroy(request.getEndpointId())).build());
    }

    @Override
    public void play(PlayRequest request, StreamObserver<PlayResponse> response) {
        answer(response, () -> PlayResponse.newBuilder().setOperationId(server.play(request.getEndpointId(),
                owner(request.getPromptOwnerAccountId()), request.getPromptIdsList(), request.getLanguage(), request.getLoop())).build());
    }

    @Override
    public void playAndCollect(PlayAndCollectRequest request, StreamObserver<PlayAndCollectResponse> response) {
        answer(response, () -> {
            String terminator = request.getTerminator();
            if (terminator.length() > 1) {
                throw Failure.invalidField("terminator", "'" + terminator + "' is more than one key");
            }
            if (request.getFirstDigitTimeoutMs() <= 0 || request.getInterDigitTimeoutMs() <= 0) {
                throw Failure.invalid("invalid-timeouts", "Invalid timeouts",
                        "first_digit_timeout_ms and inter_digit_timeout_ms must be positive");
            }
            CollectSpec spec = new CollectSpec(request.getBargeIn(), request.getMaxDigits(),
                    terminator.isEmpty() ? 0 : terminator.charAt(0),
                    Duration.ofMillis(request.getFirstDigitTimeoutMs()), Duration.ofMillis(request.getInterDigitTimeoutMs()));
            return PlayAndCollectResponse.newBuilder().setOperationId(server.playAndCollect(request.getEndpointId(),
                    owner(request.getPromptOwnerAccountId()), request.getPromptIdsList(), request.getLanguage(), spec, request.getClearDigitBuffer())).build();
        });
    }

    @Override
    public void playNumber(PlayNumberRequest request, StreamObserver<PlayNumberResponse> response) {
        answer(response, () -> PlayNumberResponse.newBuilder().setOperationId(server.playNumber(
                request.getEndpointId(), owner(request.getPromptOwnerAccountId()), request.getDigits(), request.getLanguage(), request.getBargeIn())).build());
    }

    @Override
    public void sayAmount(SayAmountRequest request, StreamObserver<SayAmountResponse> response) {
        answer(response, () -> {
            java.math.BigDecimal amount;
            try {
                amount = new java.math.BigDecimal(request.getAmount());
            } catch (NumberFormatException e) {
                throw Failure.invalidField("amount", "'" + request.getAmount() + "' is not a decimal number");
            }
            io.ringback.media.ivr.SpokenAmount.Unit unit = switch (request.getUnit()) {
                case AMOUNT_UNIT_MONEY -> io.ringback.media.ivr.SpokenAmount.Unit.MONEY;
                case AMOUNT_UNIT_MINUTES -> io.ringback.media.ivr.SpokenAmount.Unit.MINUTES;
                case AMOUNT_UNIT_SECONDS -> io.ringback.media.ivr.SpokenAmount.Unit.SECONDS;
                default -> throw Failure.invalidField("unit", "is not set (MONEY, MINUTES or SECONDS)");
            };
            MediaServer.Said said = server.sayAmount(request.getEndpointId(), owner(request.getPromptOwnerAccountId()),
                    amount, unit, request.getCurrency(), request.getLanguage(), request.getBargeIn());
            return SayAmountResponse.newBuilder().setOperationId(said.operationId())
                    .addAllPromptIds(said.promptIds()).build();
        });
    }

    @Override
    public void stop(StopRequest request, StreamObserver<StopResponse> response) {
        answer(response, () -> StopResponse.newBuilder()
                .setStopped(server.stop(request.getEndpointId(), request.getOperationId())).build());
    }

    @Override
    public void bridge(BridgeRequest request, StreamObserver<BridgeResponse> response) {
        answer(response, () -> BridgeResponse.newBuilder()
                .setBridgeId(server.bridge(request.getEndpointIdA(), request.getEndpointIdB())).build());
    }

    @Override
    public void unbridge(UnbridgeRequest request, StreamObserver<UnbridgeResponse> response) {
        answer(response, () -> UnbridgeResponse.newBuilder().setExisted(server.unbridge(request.getBridgeId())).build());
    }

    @Override
    public void feedDtmf(FeedDtmfRequest request, StreamObserver<FeedDtmfResponse> response) {
        answer(response, () -> {
            if (request.getDigit().length() != 1) {
                throw Failure.invalidField("digit", "'" + request.getDigit() + "' must be one of 0-9, *, #, A-D");
            }
            io.ringback.media.dtmf.DtmfMethod method = request.getMethod() == DtmfMethod.DTMF_METHOD_UNSPECIFIED
                    ? io.ringback.media.dtmf.DtmfMethod.SIP_INFO : method(request.getMethod());
            return FeedDtmfResponse.newBuilder().setAccepted(server.feedDtmf(request.getEndpointId(),
                    request.getDigit().charAt(0), method, request.getDurationMs())).build();
        });
    }

    @Override
    public void checkPrompts(CheckPromptsRequest request, StreamObserver<CheckPromptsResponse> response) {
        answer(response, () -> {
            CheckPromptsResponse.Builder answer = CheckPromptsResponse.newBuilder();
            java.util.UUID owner = owner(request.getPromptOwnerAccountId());
            for (String id : request.getPromptIdsList()) {
                PromptLibrary.checkId(request.getLanguage(), id);
                if (prompts.resolve(owner, request.getLanguage(), id).isEmpty()) {
                    answer.addMissingPromptIds(id);
                }
            }
            return answer.build();
        });
    }

    @Override
    public void events(EventsRequest request, StreamObserver<MediaEvent> response) {
        EventStream stream = new EventStream((ServerCallStreamObserver<MediaEvent>) response, request.getSessionId(),
                MediaGrpcService::toProto, EventStream.CAPACITY);
        Runnable unsubscribe;
        try {
            if (request.hasAfterSessionSequence()) {
                if (request.getSessionId().isEmpty()) {
                    throw Failure.invalidField("after_session_sequence", "needs session_id: positions are per session");
                }
                if (request.getAfterSessionSequence() < 0) {
                    throw Failure.invalidField("after_session_sequence", "may not be negative");
                }
                // Replayed events queue in the stream before it is started: they go out first.
                unsubscribe = bus.subscribeFrom(request.getSessionId(), request.getAfterSessionSequence(), stream);
            } else {
                unsubscribe = bus.subscribe(stream);
            }
        } catch (RuntimeException e) {
            response.onError(GrpcFailures.toStatus(e));
            return;
        }
        stream.start(unsubscribe);
    }

    static MediaEvent toProto(EndpointEvent event) {
        MediaEvent.Builder out = MediaEvent.newBuilder()
                .setEventId(event.eventId())
                .setOccurredAt(Timestamp.newBuilder().setSeconds(event.occurredAt().getEpochSecond())
                        .setNanos(event.occurredAt().getNano()))
                .setSessionId(event.sessionId())
                .setLegId(event.legId())
                .setEndpointId(event.endpointId())
                .setSequence(event.sequence())
                .setSessionSequence(event.sessionSequence());
        EndpointEvent.Payload payload = event.payload();
        if (payload instanceof EndpointEvent.DigitsCollected d) {
            out.setDigitsCollected(DigitsCollected.newBuilder()
                    .setOperationId(d.operationId())
                    .setDigits(d.result().digits())
                    .setEndReason(CollectEndReason.valueOf("COLLECT_END_REASON_" + d.result().endReason().name()))
                    .setMethod(d.result().method() == null ? DtmfMethod.DTMF_METHOD_UNSPECIFIED : method(d.result().method())));
        } else if (payload instanceof EndpointEvent.DtmfDetected d) {
            out.setDtmfDetected(DtmfDetected.newBuilder()
                    .setDigit(String.valueOf(d.digit())).setMethod(method(d.method())).setDurationMs(d.durationMs()));
        } else if (payload instanceof EndpointEvent.PlaybackFinished p) {
            out.setPlaybackFinished(PlaybackFinished.newBuilder()
                    .setOperationId(p.operationId())
                    .setEndReason(PlaybackEndReason.valueOf("PLAYBACK_END_REASON_" + p.reason().name()))
                    .setFailedPromptId(p.failedPromptId()));
        } else if (payload instanceof EndpointEvent.MediaTimeout t) {
            out.setMediaTimeout(MediaTimeout.newBuilder().setInactivityMs(t.inactivityMs()));
        } else if (payload instanceof EndpointEvent.EndpointClosed c) {
            out.setEndpointClosed(EndpointClosed.newBuilder()
                    .setReason(EndpointCloseReason.valueOf("ENDPOINT_CLOSE_REASON_" + c.reason().name()))
                    .setPacketsReceived(c.packetsReceived()).setPacketsSent(c.packetsSent()));
        }
        return out.build();
    }

    /** The prompt owner of a request: an account id, or the platform's prompts when empty. */
    private static java.util.UUID owner(String accountId) {
        if (accountId.isEmpty()) {
            return null;
        }
        try {
            return java.util.UUID.fromString(accountId);
        } catch (IllegalArgumentException e) {
            throw Failure.invalidField("prompt_owner_account_id", "'" + accountId + "' is not an account id (UUID)");
        }
    }

    private static DtmfMethod method(io.ringback.media.dtmf.DtmfMethod method) {
        return DtmfMethod.valueOf("DTMF_METHOD_" + method.name());
    }

    private static io.ringback.media.dtmf.DtmfMethod method(DtmfMethod method) {
        return switch (method) {
            case DTMF_METHOD_RFC4733 -> io.ringback.media.dtmf.DtmfMethod.RFC4733;
            case DTMF_METHOD_INBAND -> io.ringback.media.dtmf.DtmfMethod.INBAND;
            case DTMF_METHOD_SIP_INFO -> io.ringback.media.dtmf.DtmfMethod.SIP_INFO;
            default -> throw Failure.invalidField("method", "unknown DTMF method " + method);
        };
    }

    private static Law law(Codec codec) {
        return switch (codec) {
            case CODEC_PCMU -> Law.PCMU;
            case CODEC_PCMA -> Law.PCMA;
            default -> throw Failure.invalidField("codec", codec + " is not PCMU or PCMA");
        };
    }

    private static Codec codec(Law law) {
        return law == Law.PCMU ? Codec.CODEC_PCMU : Codec.CODEC_PCMA;
    }
}
