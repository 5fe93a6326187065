package io.ringback.signaling.adapter.grpc;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.ringback.common.Failure;
import io.ringback.proto.rating.v1.GetRateTableRequest;
import io.ringback.proto.rating.v1.GetRateTableResponse;
import io.ringback.proto.rating.v1.RateTableKind;
import io.ringback.proto.rating.v1.RatingServiceGrpc;
import io.ringback.signaling.app.RateTableCatalog;
import io.ringback.signaling.config.SignalingConfig;
import jakarta.inject.Singleton;

import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * {@link RateTableCatalog} over rating's {@code GetRateTable}, with the platform service credential
 * and the {@code ringback.signaling.peers.rating-timeout} deadline. NOT_FOUND is "no such table";
 * rating not answering is 503 {@code rating-unavailable}, never taken for one.
 */
@Singleton
public class RatingRateTableCatalog implements RateTableCatalog {

    private final RatingServiceGrpc.RatingServiceBlockingStub rating;
    private final SignalingConfig config;

    public RatingRateTableCatalog(@GrpcClient("rating") RatingServiceGrpc.RatingServiceBlockingStub rating,
                                  SignalingConfig config) {
        this.rating = rating;
        this.config = config;
    }

    @Override
    public Optional<Kind> kind(UUID rateTableId) {
        GetRateTableResponse table;
        try {
            table = rating.withDeadlineAfter(config.peers().ratingTimeout().toMillis(), TimeUnit.MILLISECONDS)
                    .getRateTable(GetRateTableRequest.newBuilder().setRateTableId(rateTableId.toString()).build());
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return Optional.empty();
            }
            throw Failure.unavailable("rating-unavailable", "Rating unavailable",
                    "the rating service, which checks the vendor rate table, cannot be reached now; nothing was "
                            + "changed; try again", e);
        }
        return Optional.of(table.getKind() == RateTableKind.RATE_TABLE_KIND_VENDOR ? Kind.VENDOR : Kind.CUSTOMER);
    }
}
