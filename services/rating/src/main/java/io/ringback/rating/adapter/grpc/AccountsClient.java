package io.ringback.rating.adapter.grpc;

import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.ringback.common.Failure;
import io.ringback.common.FieldError;
import io.ringback.proto.accounts.v1.AccountsServiceGrpc;
import io.ringback.proto.accounts.v1.RatePlanUsageRequest;
import io.ringback.proto.common.v1.ChainLevel;
import io.ringback.service.auth.AccountScope;
import io.ringback.service.auth.PlatformConfig;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * What rating asks the accounts service about rate tables: which plan an account buys on, whether
 * an owner exists, and how many accounts buy on a table. Blocking: call it from a worker thread.
 * Accounts not answering is UNAVAILABLE (503), never taken for "no account" or "not in use".
 */
@Singleton
public class AccountsClient {

    private final AccountScope scope;
    private final AccountsServiceGrpc.AccountsServiceBlockingStub accounts;
    private final PlatformConfig config;

    public AccountsClient(AccountScope scope,
                          @GrpcClient("accounts") AccountsServiceGrpc.AccountsServiceBlockingStub accounts,
                          PlatformConfig config) {
        this.scope = scope;
        this.accounts = accounts;
        this.config = config;
    }

    /** The rate plan the account buys on (its level of its own chain); null when it has none. */
    public UUID boughtOn(UUID accountId) {
        List<ChainLevel> chain = scope.levels(accountId);
        String plan = chain.isEmpty() ? "" : chain.get(0).getRateTableId();
        try {
            return plan.isEmpty() ? null : UUID.fromString(plan);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Refuses (422, naming {@code ownerAccountId}) an owner that is not an account. */
    public void requireAccount(UUID accountId) {
        try {
            scope.levels(accountId);
        } catch (Failure e) {
            if (e.kind() == Failure.Kind.NOT_FOUND) {
                throw Failure.unprocessable("unknown-owner", "Unknown owner", "ownerAccountId " + accountId
                        + " is not an account").withErrors(List.of(new FieldError("ownerAccountId",
                        "is not an account")));
            }
            throw e;
        }
    }

    /** How many accounts (closed ones included) have the table as their rate plan. */
    public long accountsBuyingOn(UUID rateTableId) {
        try {
            return accounts.withDeadlineAfter(config.accountsTimeout().toMillis(), TimeUnit.MILLISECONDS)
                    .ratePlanUsage(RatePlanUsageRequest.newBuilder().setRateTableId(rateTableId.toString()).build())
                    .getAccounts();
        } catch (StatusRuntimeException e) {
            throw Failure.unavailable("accounts-unavailable", "Accounts unavailable",
                    "the accounts service, which knows which accounts buy on the table, cannot be reached now; "
                            + "nothing was deleted; try again", e);
        }
    }
}
