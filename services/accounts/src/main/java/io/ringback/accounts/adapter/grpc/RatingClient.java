package io.ringback.accounts.adapter.grpc;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.ringback.accounts.config.AccountsConfig;
import io.ringback.accounts.domain.RatePlan;
import io.ringback.common.Failure;
import io.ringback.proto.rating.v1.GetRateTableRequest;
import io.ringback.proto.rating.v1.GetRateTableResponse;
import io.ringback.proto.rating.v1.RateTableKind;
import io.ringback.proto.rating.v1.RatingServiceGrpc;
import jakarta.inject.Singleton;

import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Asks the rating service what a rate table is ({@code GetRateTable}) before an account is given
 * it as its plan. Blocking, with a deadline of {@code ringback.accounts.rating-timeout}; rating not
 * answering is UNAVAILABLE (503 {@code rating-unavailable}), never taken for "no such table".
 */
@Singleton
public class RatingClient {

    private final RatingServiceGrpc.RatingServiceBlockingStub rating;
    private final AccountsConfig config;

    public RatingClient(@GrpcClient("rating") RatingServiceGrpc.RatingServiceBlockingStub rating,
                        AccountsConfig config) {
        this.rating = rating;
        this.config = config;
    }

    /** The table, or a 422 {@code unknown-rate-table} naming {@code rateTableId} when rating has none. */
    public RatePlan describe(String rateTableId) {
        GetRateTableResponse table;
        try {
            table = rating.withDeadlineAfter(config.ratingTimeout().toMillis(), TimeUnit.MILLISECONDS)
                    .getRateTable(GetRateTableRequest.newBuilder().setRateTableId(rateTableId).build());
        } catch (StatusRuntimeException e) {
            Status.Code code = e.getStatus().getCode();
            if (code == Status.Code.NOT_FOUND || code == Status.Code.INVALID_ARGUMENT) {
                throw RatePlan.unknown(rateTableId);
            }
            throw Failure.unavailable("rating-unavailable", "Rating unavailable",
                    "the rating service, which checks the rate plan, cannot be reached now; nothing was changed; "
                            + "try again", e);
        }
        return new RatePlan(table.getRateTableId(), table.getKind() == RateTableKind.RATE_TABLE_KIND_VENDOR,
                table.getCurrency(), table.getOwnerAccountId().isEmpty() ? null : UUID.fromString(table.getOwnerAccountId()));
    }
}
