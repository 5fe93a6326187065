package io.ringback.signaling.adapter.grpc;

import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.ringback.common.Failure;
import io.ringback.proto.media.v1.CheckPromptsRequest;
import io.ringback.proto.media.v1.MediaServiceGrpc;
import io.ringback.signaling.app.PromptCatalog;
import io.ringback.signaling.config.SignalingConfig;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * {@link PromptCatalog} over media's {@code CheckPrompts}, with the platform service credential and
 * the {@code ringback.signaling.peers.media-timeout} deadline. Media not answering is 503
 * {@code media-unavailable}: a template is never saved unchecked.
 */
@Singleton
public class MediaPromptCatalog implements PromptCatalog {

    private final MediaServiceGrpc.MediaServiceBlockingStub media;
    private final SignalingConfig config;

    public MediaPromptCatalog(@GrpcClient("media") MediaServiceGrpc.MediaServiceBlockingStub media,
                              SignalingConfig config) {
        this.media = media;
        this.config = config;
    }

    @Override
    public List<String> missing(String language, List<String> promptIds, UUID owner) {
        CheckPromptsRequest request = CheckPromptsRequest.newBuilder().setLanguage(language)
                .addAllPromptIds(promptIds).setPromptOwnerAccountId(owner == null ? "" : owner.toString()).build();
        try {
            return media.withDeadlineAfter(config.peers().mediaTimeout().toMillis(), TimeUnit.MILLISECONDS)
                    .checkPrompts(request).getMissingPromptIdsList();
        } catch (StatusRuntimeException e) {
            throw Failure.unavailable("media-unavailable", "Media unavailable",
                    "the media service, which checks the template's prompts, cannot be reached now; nothing was "
                            + "changed; try again", e);
        }
    }
}
