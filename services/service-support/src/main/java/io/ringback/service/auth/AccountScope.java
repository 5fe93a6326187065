package io.ringback.service.auth;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.ringback.common.Failure;
import io.ringback.common.Principal;
import io.ringback.proto.accounts.v1.AccountsServiceGrpc;
import io.ringback.proto.accounts.v1.GetAccountChainRequest;
import io.ringback.proto.common.v1.ChainLevel;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Subtree scope on services other than accounts: the chain of the account a request touches,
 * from accounts' {@code GetAccountChain}, and the rule that what an agent may not see does not
 * exist for it (404, as accounts answers). Blocking: call it from a worker thread (a blocking
 * REST resource or use case).
 */
@Singleton
public class AccountScope {

    private final AccountsServiceGrpc.AccountsServiceBlockingStub accounts;
    private final PlatformConfig config;

    public AccountScope(@GrpcClient("accounts") AccountsServiceGrpc.AccountsServiceBlockingStub accounts,
                        PlatformConfig config) {
        this.accounts = accounts;
        this.config = config;
    }

    /** The chain of an account, level 0 (the account) first; NOT_FOUND when it does not exist. */
    public List<ChainLevel> levels(UUID accountId) {
        try {
            return accounts.withDeadlineAfter(config.accountsTimeout().toMillis(), TimeUnit.MILLISECONDS)
                    .getAccountChain(GetAccountChainRequest.newBuilder().setAccountId(accountId.toString()).build())
                    .getLevelsList();
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND || e.getStatus().getCode() == Status.Code.INVALID_ARGUMENT) {
                throw Failure.notFound("Account", "No account " + accountId + ".");
            }
            throw Failure.unavailable("accounts-unavailable", "Accounts unavailable",
                    "the accounts service cannot be reached now; try again", e);
        }
    }

    /** The ids of an account's chain, the account first, then each ancestor up to the top. */
    public List<UUID> chain(UUID accountId) {
        return levels(accountId).stream().map(level -> UUID.fromString(level.getAccountId())).toList();
    }

    /** Whether the account is the caller's or below it (always, for the admin). */
    public boolean visible(Principal caller, UUID accountId) {
        if (caller.admin()) {
            return true;
        }
        try {
            return caller.sees(chain(accountId));
        } catch (Failure e) {
            if (e.kind() == Failure.Kind.NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Refuses, as NOT_FOUND naming {@code what} and {@code id}, anything owned by an account outside
     * the caller's subtree: for the caller it does not exist.
     */
    public void requireVisible(Principal caller, UUID ownerAccountId, String what, Object id) {
        if (!visible(caller, ownerAccountId)) {
            throw Failure.notFound(what, "No " + what.toLowerCase() + " " + id + ".");
        }
    }
}
