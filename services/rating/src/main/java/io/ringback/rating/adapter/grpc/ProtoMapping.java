package io.ringback.rating.adapter.grpc;

import com.google.protobuf.Timestamp;
import io.grpc.Status;
import io.ringback.proto.common.v1.AccountStatus;
import io.ringback.proto.common.v1.Rate;
import io.ringback.rating.domain.ChainLevel;
import io.ringback.rating.domain.CtdMode;
import io.ringback.rating.domain.E164;
import io.ringback.rating.domain.MatchedRate;
import io.ringback.common.Failure;
import io.ringback.common.Money;
import io.ringback.rating.domain.RateRow;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Translates between the {@code ringback.rating.v1} messages and the rating domain. */
final class ProtoMapping {

    /** Until rating calls the accounts service, callers pass the chain and funds themselves. */
    static final String CHAIN_REQUIRED = "the reseller chain is required: this rating service does not yet fetch it "
            + "from the accounts service, so the caller must pass it (AccountsService.GetAccountChain)";
    static final String FUNDS_REQUIRED = "available_funds are required, one per chain level: this rating service does "
            + "not yet read balances from the accounts service, so the caller must pass them";

    private ProtoMapping() {
    }

    static List<ChainLevel> chain(List<io.ringback.proto.common.v1.ChainLevel> levels) {
        if (levels.isEmpty()) {
            throw Status.FAILED_PRECONDITION.withDescription(CHAIN_REQUIRED).asRuntimeException();
        }
        List<ChainLevel> chain = new ArrayList<>(levels.size());
        for (io.ringback.proto.common.v1.ChainLevel level : levels) {
            // Missing data is refused, not read as "active": a chain built without statuses must not pass.
            if (level.getStatus() == AccountStatus.ACCOUNT_STATUS_UNSPECIFIED
                    || level.getStatus() == AccountStatus.UNRECOGNIZED) {
                throw invalid("chain level " + level.getLevel() + " (account " + level.getAccountId()
                        + "): status is required (ACCOUNT_STATUS_ACTIVE, _SUSPENDED or _CLOSED)");
            }
            chain.add(new ChainLevel(level.getLevel(), level.getAccountId(), level.getRateTableId(),
                    level.getStatus() == AccountStatus.ACCOUNT_STATUS_ACTIVE, level.getCurrency()));
        }
        return chain;
    }

    /** The request's mode, else the account's default, else Standard. */
    static CtdMode mode(io.ringback.proto.common.v1.CtdMode requested, List<io.ringback.proto.common.v1.ChainLevel> chain) {
        io.ringback.proto.common.v1.CtdMode mode = requested;
        if (mode == io.ringback.proto.common.v1.CtdMode.CTD_MODE_UNSPECIFIED && !chain.isEmpty()) {
            mode = chain.get(0).getDefaultCtdMode();
        }
        return mode == io.ringback.proto.common.v1.CtdMode.CTD_MODE_FLOW ? CtdMode.FLOW : CtdMode.STANDARD;
    }

    static String number(String raw, String field) {
        try {
            return E164.normalize(raw);
        } catch (IllegalArgumentException e) {
            throw invalid(field + ": " + e.getMessage());
        }
    }

    static BigDecimal money(String raw, String field) {
        try {
            return Money.parse(field, raw);
        } catch (Failure e) {
            throw invalid(e.getMessage());
        }
    }

    static Instant instant(Timestamp timestamp) {
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }

    static Rate rate(MatchedRate matched) {
        RateRow row = matched.row();
        return Rate.newBuilder()
                .setRateTableId(matched.table().id())
                .setPrefix(row.prefix())
                .setDescription(row.description())
                .setPricePerMinute(Money.format(row.pricePerMinute()))
                .setConnectFee(Money.format(row.connectFee()))
                .setFirstIncrementSeconds(row.firstIncrement())
                .setNextIncrementSeconds(row.nextIncrement())
                .setCurrency(matched.table().currency())
                .build();
    }

    static RuntimeException invalid(String message) {
        return Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException();
    }
}
