package io.ringback.testing;

import io.grpc.Server;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.ringback.proto.media.v1.CheckPromptsRequest;
import io.ringback.proto.media.v1.CheckPromptsResponse;
import io.ringback.proto.media.v1.MediaServiceGrpc;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A test double of the media service's {@code CheckPrompts} for the slice tests of the services
 * that save something naming prompts (signaling's templates), on a real gRPC server that requires
 * the platform service credential like every service. It knows the platform's prompts media ships
 * in {@code es} and {@code en} ({@link #SHIPPED}) and the prompts a test adds; an owner's own
 * prompts are found for that owner only, the platform's for everyone, as media answers. It can be
 * made to answer UNAVAILABLE. End-to-end tests use the real media service. Use with
 * {@code @QuarkusTestResource(MediaDoubleResource.class)}.
 */
public final class MediaDouble {

    /** The IVR stages' prompts media ships in Spanish and English. */
    public static final List<String> SHIPPED = List.of("welcome", "enter_pin", "enter_destination", "confirm",
            "connecting", "invalid_destination", "insufficient_balance", "route_failed", "goodbye", "music_on_hold");

    private static final String PLATFORM = "";
    private static final Set<String> PROMPTS = ConcurrentHashMap.newKeySet();
    private static volatile boolean unavailable;
    private static Server server;

    static {
        for (String language : List.of("es", "en")) {
            SHIPPED.forEach(id -> PROMPTS.add(key(PLATFORM, language, id)));
        }
    }

    private MediaDouble() {
    }

    /** Starts the double once per JVM; answers its port. */
    public static synchronized int start() {
        if (server == null) {
            server = DoubleServer.start(new Service(), "media");
        }
        return server.getPort();
    }

    /** Adds a prompt of {@code owner} (null: the platform's) in {@code language}. */
    public static void prompt(String language, UUID owner, String id) {
        PROMPTS.add(key(owner == null ? PLATFORM : owner.toString(), language, id));
    }

    /** While set, every call answers UNAVAILABLE. */
    public static void unavailable(boolean down) {
        unavailable = down;
    }

    private static String key(String owner, String language, String id) {
        return owner + "/" + language + "/" + id;
    }

    private static final class Service extends MediaServiceGrpc.MediaServiceImplBase {

        @Override
        public void checkPrompts(CheckPromptsRequest request, StreamObserver<CheckPromptsResponse> response) {
            if (unavailable) {
                response.onError(Status.UNAVAILABLE.withDescription("media is down (test)").asRuntimeException());
                return;
            }
            CheckPromptsResponse.Builder answer = CheckPromptsResponse.newBuilder();
            for (String id : request.getPromptIdsList()) {
                boolean own = !request.getPromptOwnerAccountId().isEmpty()
                        && PROMPTS.contains(key(request.getPromptOwnerAccountId(), request.getLanguage(), id));
                if (!own && !PROMPTS.contains(key(PLATFORM, request.getLanguage(), id))) {
                    answer.addMissingPromptIds(id);
                }
            }
            response.onNext(answer.build());
            response.onCompleted();
        }
    }
}
