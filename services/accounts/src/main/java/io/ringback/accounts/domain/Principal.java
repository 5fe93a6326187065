package io.ringback.accounts.domain;

import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Who calls: the platform admin (sees everything) or an agent authenticated with an API key of
 * its account (sees its own subtree only).
 */
public record Principal(UUID accountId, Set<Authorization> authorizations) {

    public static final Principal ADMIN = new Principal(null, Set.of(Authorization.values()));

    public boolean admin() {
        return accountId == null;
    }

    /** The key idempotency records and audit lines use for this caller. */
    public String name() {
        return admin() ? "admin" : "account:" + accountId;
    }

    /**
     * Is the account whose chain (level 0 up to the top) is given inside this caller's subtree?
     * An account outside it does not exist for the caller.
     */
    public boolean sees(List<UUID> chain) {
        return admin() || chain.contains(accountId);
    }

    /** Inside the subtree and not the caller's own account: what an agent may change. */
    public boolean isBelow(List<UUID> chain) {
        return admin() || (chain.contains(accountId) && !chain.get(0).equals(accountId));
    }

    /** Refuses an operation the agent's authorizations do not cover (403 naming the authorization). */
    public void require(Authorization authorization) {
        if (!authorizations.contains(authorization)) {
            throw AccountsException.forbidden("missing-authorization", "Missing authorization",
                    "this operation needs the authorization " + authorization + ", which your account does not hold");
        }
    }
}
