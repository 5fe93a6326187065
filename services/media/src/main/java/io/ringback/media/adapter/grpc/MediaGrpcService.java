package io.ringback.media.adapter.grpc;

import io.quarkus.grpc.GrpcService;
import io.ringback.proto.media.v1.MediaServiceGrpc;

/**
 * Serves the {@code ringback.media.v1.MediaService} contract of {@code proto/} (and, beside it, the
 * standard gRPC health service other services probe). Its RPCs answer {@code UNIMPLEMENTED} until
 * the media server is built (issue #5).
 */
@GrpcService
public class MediaGrpcService extends MediaServiceGrpc.MediaServiceImplBase {
}
