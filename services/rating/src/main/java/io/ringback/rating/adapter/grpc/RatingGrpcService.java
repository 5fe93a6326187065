package io.ringback.rating.adapter.grpc;

import io.quarkus.grpc.GrpcService;
import io.ringback.proto.rating.v1.RatingServiceGrpc;

/**
 * Serves the {@code ringback.rating.v1.RatingService} contract of {@code proto/} (and, beside it, the
 * standard gRPC health service other services probe). Its RPCs answer {@code UNIMPLEMENTED} until
 * the rating engine is built (issue #4).
 */
@GrpcService
public class RatingGrpcService extends RatingServiceGrpc.RatingServiceImplBase {
}
