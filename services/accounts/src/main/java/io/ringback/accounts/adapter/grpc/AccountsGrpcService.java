package io.ringback.accounts.adapter.grpc;

import com.google.protobuf.Timestamp;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.ringback.service.grpc.GrpcFailures;
import io.ringback.accounts.adapter.metrics.AccountsMetrics;
import io.ringback.accounts.app.Authenticator;
import io.ringback.accounts.app.HierarchyService;
import io.ringback.accounts.app.LedgerService;
import io.ringback.accounts.app.LevelAmount;
import io.ringback.accounts.app.PhonesService;
import io.ringback.accounts.domain.Account;
import io.ringback.accounts.domain.Balance;
import io.ringback.accounts.domain.LedgerEntry;
import io.ringback.accounts.domain.NumberLimits;
import io.ringback.common.Failure;
import io.ringback.common.Money;
import io.ringback.common.Principal;
import io.ringback.proto.accounts.v1.AccountBalance;
import io.ringback.proto.accounts.v1.AccountsServiceGrpc;
import io.ringback.proto.accounts.v1.AuthenticateRequest;
import io.ringback.proto.accounts.v1.AuthenticateResponse;
import io.ringback.proto.accounts.v1.AuthorizeCallerReason;
import io.ringback.proto.accounts.v1.AuthorizeCallerRequest;
import io.ringback.proto.accounts.v1.AuthorizeCallerResponse;
import io.ringback.proto.accounts.v1.CheckDestinationRequest;
import io.ringback.proto.accounts.v1.CheckDestinationResponse;
import io.ringback.proto.accounts.v1.DestinationCheckReason;
import io.ringback.proto.accounts.v1.GetAccountChainRequest;
import io.ringback.proto.accounts.v1.GetAccountChainResponse;
import io.ringback.proto.accounts.v1.GetBalanceRequest;
import io.ringback.proto.accounts.v1.GetBalanceResponse;
import io.ringback.proto.accounts.v1.RatePlanUsageRequest;
import io.ringback.proto.accounts.v1.RatePlanUsageResponse;
import io.ringback.proto.accounts.v1.ReleaseFundsRequest;
import io.ringback.proto.accounts.v1.ReleaseFundsResponse;
import io.ringback.proto.accounts.v1.ReserveFundsRequest;
import io.ringback.proto.accounts.v1.ReserveFundsResponse;
import io.ringback.proto.accounts.v1.ReserveFundsResult;
import io.ringback.proto.accounts.v1.SettleChargeRequest;
import io.ringback.proto.accounts.v1.SettleChargeResponse;
import io.ringback.proto.accounts.v1.VerifyPinReason;
import io.ringback.proto.accounts.v1.VerifyPinRequest;
import io.ringback.proto.accounts.v1.VerifyPinResponse;
import io.ringback.proto.common.v1.AccountStatus;
import io.ringback.proto.common.v1.BillingType;
import io.ringback.proto.common.v1.ChainLevel;
import io.ringback.proto.common.v1.CtdMode;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.common.annotation.NonBlocking;
import org.eclipse.microprofile.context.ManagedExecutor;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Serves the {@code ringback.accounts.v1.AccountsService} contract of {@code proto/}. Business
 * outcomes are answered in the response with a reason; bad input is INVALID_ARGUMENT, an unknown
 * id NOT_FOUND (where the RPC says so).
 */
@GrpcService
@Blocking
public class AccountsGrpcService extends AccountsServiceGrpc.AccountsServiceImplBase {

    private final HierarchyService accounts;
    private final PhonesService phones;
    private final LedgerService ledger;
    private final ManagedExecutor workers;
    private final Authenticator authenticator;
    private final AccountsMetrics metrics;

    public AccountsGrpcService(HierarchyService accounts, PhonesService phones, LedgerService ledger,
                               ManagedExecutor workers, Authenticator authenticator, AccountsMetrics metrics) {
        this.authenticator = authenticator;
        this.metrics = metrics;
        this.accounts = accounts;
        this.phones = phones;
        this.ledger = ledger;
        this.workers = workers;
    }

    /**
     * The hot path of every call set-up. Its JDBC read runs on a worker thread, but handed over
     * once here instead of by the class's {@code @Blocking}, which moves each gRPC listener event
     * (message, half-close, completion) to a worker and back in turn: fewer thread hand-overs per
     * call, so fewer chances to wait for a core (issue #3, p99 target).
     */
    @Override
    @NonBlocking
    public void authorizeCaller(AuthorizeCallerRequest request, StreamObserver<AuthorizeCallerResponse> response) {
        workers.execute(() -> {
            try {
                authorize(request, response);
            } catch (RuntimeException e) {
                response.onError(GrpcFailures.toStatus(e));
            }
        });
    }

    private void authorize(AuthorizeCallerRequest request, StreamObserver<AuthorizeCallerResponse> response) {
        answer(response, () -> {
            PhonesService.CallerAuthorization result = phones.authorizeCaller(request.getCallerNumber(),
                    new PhonesService.Trigger(request.getDid(), request.getCallbackServiceId(),
                            minimum(request.getMinimumBalance()), request.getAllowUnregisteredWithPin()));
            metrics.authorized(result.verdict());
            AuthorizeCallerResponse.Builder answer = AuthorizeCallerResponse.newBuilder()
                    .setAuthorized(result.authorized())
                    .setReason(AuthorizeCallerReason.valueOf("AUTHORIZE_CALLER_REASON_" + result.verdict().name()))
                    .setAccountFound(result.account() != null)
                    .setActive(result.active())
                    .setBalanceSufficient(result.balanceSufficient())
                    .setPinRequired(result.pinSet());
            if (result.account() != null) {
                answer.setAccountId(result.account().id().toString())
                        .setPhoneCard(result.account().card())
                        .setDefaultCtdMode(ctdMode(result.account()))
                        .setAvailable(Money.format(result.balance().available()))
                        .setCurrency(result.account().currency());
                if (result.phoneId() != null) {
                    answer.setPhoneId(result.phoneId().toString());
                }
            }
            return answer.build();
        });
    }

    @Override
    public void verifyPin(VerifyPinRequest request, StreamObserver<VerifyPinResponse> response) {
        answer(response, () -> {
            UUID accountId = request.getAccountId().isEmpty() ? null : uuid("account_id", request.getAccountId());
            boolean card = !request.getCardNumber().isEmpty();
            PhonesService.PinCheck check = card
                    ? phones.verifyCard(request.getCallerNumber(), request.getCardNumber(), request.getPin(),
                    minimum(request.getMinimumBalance()), request.getRememberCaller())
                    : phones.verifyPin(request.getCallerNumber(), accountId, request.getPin(),
                    minimum(request.getMinimumBalance()));
            VerifyPinResponse.Builder answer = VerifyPinResponse.newBuilder()
                    .setValid(check.verdict() == PhonesService.PinVerdict.OK)
                    .setReason(VerifyPinReason.valueOf("VERIFY_PIN_REASON_" + check.verdict().name()))
                    .setAttemptsLeft(check.attemptsLeft());
            if (check.accountId() != null) {
                answer.setAccountId(check.accountId().toString()).setPhoneCard(card);
            }
            return answer.build();
        });
    }

    @Override
    public void checkDestination(CheckDestinationRequest request, StreamObserver<CheckDestinationResponse> response) {
        answer(response, () -> {
            UUID accountId = uuid("account_id", request.getAccountId());
            NumberLimits.Decision decision;
            try {
                decision = accounts.checkDestination(accountId, request.getNumber());
            } catch (Failure e) {
                if (e.kind() == Failure.Kind.NOT_FOUND) {
                    return CheckDestinationResponse.newBuilder().setAllowed(false)
                            .setReason(DestinationCheckReason.DESTINATION_CHECK_REASON_ACCOUNT_NOT_FOUND).build();
                }
                if ("invalid-number".equals(e.slug())) {
                    // A caller's typo at the IVR is an answer, not a malformed request.
                    return CheckDestinationResponse.newBuilder().setAllowed(false)
                            .setReason(DestinationCheckReason.DESTINATION_CHECK_REASON_INVALID_NUMBER).build();
                }
                throw e;
            }
            CheckDestinationResponse.Builder answer = CheckDestinationResponse.newBuilder()
                    .setAllowed(decision.allowed())
                    .setReason(DestinationCheckReason.valueOf("DESTINATION_CHECK_REASON_" + decision.reason().name()));
            if (decision.refusedBy() != null) {
                answer.setRefusedByAccountId(decision.refusedBy().toString());
            }
            if (decision.matchedPrefix() != null) {
                answer.setMatchedPrefix(decision.matchedPrefix());
            }
            return answer.build();
        });
    }

    @Override
    public void getAccountChain(GetAccountChainRequest request, StreamObserver<GetAccountChainResponse> response) {
        answer(response, () -> {
            UUID accountId = uuid("account_id", request.getAccountId());
            List<Account> chain = accounts.chain(accountId);
            if (chain.isEmpty()) {
                throw Account.notFound(accountId);
            }
            GetAccountChainResponse.Builder answer = GetAccountChainResponse.newBuilder();
            for (int level = 0; level < chain.size(); level++) {
                Account a = chain.get(level);
                ChainLevel.Builder row = ChainLevel.newBuilder().setLevel(level).setAccountId(a.id().toString())
                        .setName(a.name()).setStatus(AccountStatus.valueOf("ACCOUNT_STATUS_" + a.status().name()))
                        .setCurrency(a.currency()).setBillingType(billingType(a.billingType()))
                        .setCreditLimit(Money.format(a.creditLimit())).setDefaultCtdMode(ctdMode(a));
                if (a.parentId() != null) {
                    row.setParentAccountId(a.parentId().toString());
                }
                // A phone card without a plan of its own is priced on its owner's (the next level).
                String plan = a.rateTableId() == null && a.card() ? chain.get(level + 1).rateTableId()
                        : a.rateTableId();
                if (plan != null) {
                    row.setRateTableId(plan);
                }
                answer.addLevels(row);
            }
            if (request.getIncludeBalances()) {
                ledger.balances(chain).forEach(b -> answer.addBalances(balance(b)));
            }
            return answer.build();
        });
    }

    @Override
    public void reserveFunds(ReserveFundsRequest request, StreamObserver<ReserveFundsResponse> response) {
        answer(response, () -> {
            Duration ttl = request.hasTtl()
                    ? Duration.ofSeconds(request.getTtl().getSeconds(), request.getTtl().getNanos()) : null;
            LedgerService.Reservation result = ledger.reserve(request.getIdempotencyKey(), request.getSessionId(),
                    uuid("account_id", request.getAccountId()), amounts(request.getAmountsList()), ttl);
            ReserveFundsResponse.Builder answer = ReserveFundsResponse.newBuilder()
                    .setResult(ReserveFundsResult.valueOf("RESERVE_FUNDS_RESULT_" + result.verdict().name()))
                    .setReplayed(result.replayed());
            if (result.reservationId() != null) {
                answer.setReservationId(result.reservationId().toString()).setExpiresAt(timestamp(result.expiresAt()));
            }
            if (result.refusedAccountId() != null) {
                answer.setRefusedAccountId(result.refusedAccountId().toString());
            }
            return answer.build();
        });
    }

    @Override
    public void settleCharge(SettleChargeRequest request, StreamObserver<SettleChargeResponse> response) {
        answer(response, () -> {
            UUID reservationId = request.getReservationId().isEmpty() ? null
                    : uuid("reservation_id", request.getReservationId());
            LedgerService.Settlement result = ledger.settle(request.getIdempotencyKey(), null, reservationId,
                    request.getSessionId(), uuid("account_id", request.getAccountId()),
                    amounts(request.getChargesList()), request.getReleaseRemainder());
            SettleChargeResponse.Builder answer = SettleChargeResponse.newBuilder().setReplayed(result.replayed());
            result.entries().stream().map(LedgerEntry::id).forEach(id -> answer.addLedgerEntryIds(id.toString()));
            result.balancesAfter().forEach(b -> answer.addBalancesAfter(levelAmount(b)));
            return answer.build();
        });
    }

    @Override
    public void releaseFunds(ReleaseFundsRequest request, StreamObserver<ReleaseFundsResponse> response) {
        answer(response, () -> {
            LedgerService.Release result = ledger.release(uuid("reservation_id", request.getReservationId()),
                    request.getReason().isEmpty() ? "released" : request.getReason());
            ReleaseFundsResponse.Builder answer = ReleaseFundsResponse.newBuilder().setReleased(result.released());
            result.amounts().forEach(a -> answer.addReleasedAmounts(levelAmount(a)));
            return answer.build();
        });
    }

    @Override
    public void getBalance(GetBalanceRequest request, StreamObserver<GetBalanceResponse> response) {
        answer(response, () -> GetBalanceResponse.newBuilder()
                .setBalance(balance(ledger.balance(uuid("account_id", request.getAccountId())))).build());
    }

    @Override
    public void authenticate(AuthenticateRequest request, StreamObserver<AuthenticateResponse> response) {
        answer(response, () -> {
            Principal principal = authenticator.authenticateKey(request.getApiKey());
            AuthenticateResponse.Builder answer = AuthenticateResponse.newBuilder()
                    .setAdmin(principal.admin()).setActive(principal.active())
                    .addAllAuthorizations(principal.authorizations().stream().map(Enum::name).sorted().toList());
            if (!principal.admin()) {
                answer.setAccountId(principal.accountId().toString());
            }
            return answer.build();
        });
    }

    @Override
    public void ratePlanUsage(RatePlanUsageRequest request, StreamObserver<RatePlanUsageResponse> response) {
        answer(response, () -> {
            if (request.getRateTableId().isBlank()) {
                throw Failure.invalidField("rate_table_id", "is required");
            }
            return RatePlanUsageResponse.newBuilder().setAccounts(accounts.buyingOn(request.getRateTableId())).build();
        });
    }

    private static <T> void answer(StreamObserver<T> response, Supplier<T> work) {
        T answer;
        try {
            answer = work.get();
        } catch (RuntimeException e) {
            response.onError(GrpcFailures.toStatus(e));
            return;
        }
        response.onNext(answer);
        response.onCompleted();
    }

    private static List<LevelAmount> amounts(List<io.ringback.proto.common.v1.LevelAmount> amounts) {
        return amounts.stream().map(a -> new LevelAmount(a.getLevel(), uuid("account_id", a.getAccountId()),
                Money.parse("amount of level " + a.getLevel(), a.getAmount()))).toList();
    }

    private static io.ringback.proto.common.v1.LevelAmount levelAmount(LevelAmount amount) {
        return io.ringback.proto.common.v1.LevelAmount.newBuilder().setLevel(amount.level())
                .setAccountId(amount.accountId().toString()).setAmount(Money.format(amount.amount())).build();
    }

    private static AccountBalance balance(Balance b) {
        return AccountBalance.newBuilder().setAccountId(b.accountId().toString())
                .setBalance(Money.format(b.balance())).setReserved(Money.format(b.reserved()))
                .setAvailable(Money.format(b.available())).setCreditLimit(Money.format(b.creditLimit()))
                .setCurrency(b.currency()).setBillingType(billingType(b.billingType())).build();
    }

    private static BillingType billingType(io.ringback.accounts.domain.BillingType type) {
        return BillingType.valueOf("BILLING_TYPE_" + type.name());
    }

    private static CtdMode ctdMode(Account account) {
        return CtdMode.valueOf("CTD_MODE_" + account.defaultCtdMode().name());
    }

    /** Empty means "any positive funds" (contract): a minimum of zero. */
    private static BigDecimal minimum(String text) {
        return text.isEmpty() ? Money.ZERO : Money.parseNonNegative("minimum_balance", text);
    }

    private static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    private static UUID uuid(String field, String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw Failure.invalid("invalid-id", "Invalid id", field + " is not a UUID: '" + text + "'");
        }
    }
}
