package io.ringback.cdr.adapter.grpc;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.ringback.cdr.config.CdrConfig;
import static io.ringback.cdr.adapter.Protos.ctdMode;
import static io.ringback.cdr.adapter.Protos.role;
import static io.ringback.cdr.adapter.Protos.text;
import static io.ringback.cdr.adapter.Protos.timestamp;
import io.ringback.cdr.domain.LegCdr;
import io.ringback.cdr.domain.SessionToRate;
import io.ringback.proto.accounts.v1.AccountsServiceGrpc;
import io.ringback.proto.accounts.v1.GetAccountChainRequest;
import io.ringback.proto.common.v1.ChainLevel;
import io.ringback.proto.rating.v1.LegToRate;
import io.ringback.proto.rating.v1.RateLegsRequest;
import io.ringback.proto.rating.v1.RateLegsResponse;
import io.ringback.proto.rating.v1.RatedLeg;
import io.ringback.proto.rating.v1.RatingServiceGrpc;
import io.ringback.service.auth.PlatformConfig;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Rates an assembled session: its account's chain from accounts ({@code GetAccountChain}), then
 * its legs through rating ({@code RateLegs}), rating being given the chain (it calls nobody). A
 * service that does not answer, or answers something unusable, is an {@link Answer#failure}, with
 * the reason the CDRs are stored unrated under: never an exception, never a guess.
 */
@Singleton
public class SessionRater {

    /** Why a session could not be rated (the CDRs' {@code unrated_reason}). */
    public enum Reason {
        /** The session has no account: a PIN login never identified it. */
        NO_ACCOUNT,
        /** Accounts does not know the session's account. */
        UNKNOWN_ACCOUNT,
        /** Accounts did not answer GetAccountChain. */
        ACCOUNTS_UNAVAILABLE,
        /** Rating did not answer RateLegs. */
        RATING_UNAVAILABLE,
        /** Rating refused the request or answered something that does not fit it. */
        RATING_REFUSED,
        /** A rate table of the chain (or the flow or cost table) is unknown to rating. */
        NO_RATE_TABLE,
        /** No rate for the leg's number in a rate table of the chain. */
        NO_RATE,
        /** The leg's times cannot be billed (it ended before it was answered). */
        INVALID_TIMES
    }

    /** RateLegs' answer with the chain it was given, or why there is none. */
    public record Answer(List<ChainLevel> chain, RateLegsResponse response, Reason failure, String detail) {

        static Answer failed(Reason reason, String detail) {
            return new Answer(List.of(), null, reason, detail);
        }

        public boolean rated() {
            return failure == null;
        }
    }

    private final AccountsServiceGrpc.AccountsServiceBlockingStub accounts;
    private final RatingServiceGrpc.RatingServiceBlockingStub rating;
    private final PlatformConfig platform;
    private final CdrConfig config;

    public SessionRater(@GrpcClient("accounts") AccountsServiceGrpc.AccountsServiceBlockingStub accounts,
                        @GrpcClient("rating") RatingServiceGrpc.RatingServiceBlockingStub rating,
                        PlatformConfig platform, CdrConfig config) {
        this.accounts = accounts;
        this.rating = rating;
        this.platform = platform;
        this.config = config;
    }

    public Answer rate(SessionToRate toRate) {
        String accountId = toRate.session().accountId();
        if (accountId == null || accountId.isEmpty()) {
            return Answer.failed(Reason.NO_ACCOUNT, "no event of the session named its account");
        }
        List<ChainLevel> chain;
        try {
            chain = accounts.withDeadlineAfter(platform.accountsTimeout().toMillis(), TimeUnit.MILLISECONDS)
                    .getAccountChain(GetAccountChainRequest.newBuilder().setAccountId(accountId).build())
                    .getLevelsList();
        } catch (StatusRuntimeException e) {
            Status.Code code = e.getStatus().getCode();
            return Answer.failed(code == Status.Code.NOT_FOUND || code == Status.Code.INVALID_ARGUMENT
                    ? Reason.UNKNOWN_ACCOUNT : Reason.ACCOUNTS_UNAVAILABLE, "GetAccountChain: " + e.getStatus());
        }
        if (chain.isEmpty()) {
            return Answer.failed(Reason.UNKNOWN_ACCOUNT, "GetAccountChain answered no level for " + accountId);
        }
        RateLegsRequest request = request(toRate, chain);
        RateLegsResponse response;
        try {
            response = rating.withDeadlineAfter(config.rating().timeout().toMillis(), TimeUnit.MILLISECONDS)
                    .rateLegs(request);
        } catch (StatusRuntimeException e) {
            Reason reason = switch (e.getStatus().getCode()) {
                case NOT_FOUND -> Reason.NO_RATE_TABLE;
                case INVALID_ARGUMENT, FAILED_PRECONDITION -> Reason.RATING_REFUSED;
                default -> Reason.RATING_UNAVAILABLE;
            };
            return Answer.failed(reason, "RateLegs: " + e.getStatus());
        }
        String mismatch = mismatch(request, response);
        if (mismatch != null) {
            return Answer.failed(Reason.RATING_REFUSED, mismatch);
        }
        return new Answer(chain, response, null, "");
    }

    private static RateLegsRequest request(SessionToRate toRate, List<ChainLevel> chain) {
        RateLegsRequest.Builder request = RateLegsRequest.newBuilder()
                .setSessionId(toRate.session().sessionId())
                .setAccountId(toRate.session().accountId())
                .setCtdMode(ctdMode(toRate.session().ctdMode()))
                .setFlowRateTableId(text(toRate.session().flowRateTableId()))
                .setBillLegAWhenLegBFailed(toRate.session().billLegAWhenLegBFailed())
                .addAllChain(chain);
        for (LegCdr leg : toRate.legs()) {
            LegToRate.Builder rated = LegToRate.newBuilder()
                    .setLegId(leg.legId())
                    .setRole(role(leg.role()))
                    .setNumber(leg.calledNumber())
                    .setDurationMs(leg.durationMs())
                    .setAnswered(leg.answered() && leg.billableTimes())
                    .setSipCode(leg.sipCode())
                    .setQ850Cause(leg.q850Cause())
                    .setGatewayId(leg.gatewayId())
                    .setCostRateTableId(leg.costRateTableId());
            if (leg.originatedAt() != null) {
                rated.setStartTime(timestamp(leg.originatedAt()));
            }
            if (leg.answeredAt() != null && leg.billableTimes()) {
                rated.setAnswerTime(timestamp(leg.answeredAt()));
            }
            rated.setEndTime(timestamp(leg.endedAt()));
            request.addLegs(rated);
        }
        return request.build();
    }

    private static String mismatch(RateLegsRequest request, RateLegsResponse response) {
        if (response.getLegsCount() != request.getLegsCount()) {
            return "RateLegs answered " + response.getLegsCount() + " legs for " + request.getLegsCount();
        }
        for (int i = 0; i < request.getLegsCount(); i++) {
            RatedLeg leg = response.getLegs(i);
            if (!leg.getLegId().equals(request.getLegs(i).getLegId())) {
                return "RateLegs answered leg " + leg.getLegId() + " where " + request.getLegs(i).getLegId() + " was asked";
            }
            if (leg.getChargesCount() != request.getChainCount()) {
                return "RateLegs answered " + leg.getChargesCount() + " level charges for leg " + leg.getLegId()
                        + " of a chain of " + request.getChainCount();
            }
        }
        return null;
    }

}
