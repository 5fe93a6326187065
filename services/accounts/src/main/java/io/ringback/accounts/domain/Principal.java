package io.ringback.accounts.domain;

import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Who calls: the platform admin (sees everything) or an agent authenticated with an API key of
 * its account (sees its own subtree only). {@code chainActive}: the agent's account and every
 * ancestor are ACTIVE; an agent that is suspended, or under a suspended or closed agent, may
 * still read its subtree but changes nothing.
 */
public record Principal(UUID accountId, Set<Authorization> authorizations, boolean chainActive) {

    public static final Principal ADMIN = new Principal(null, Set.of(Authorization.values()), true);

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

    /**
     * Refuses an operation the agent's authorizations do not cover (403 naming the authorization),
     * and every change by an agent whose chain is not all ACTIVE. Every agent write passes here.
     */
    public void require(Authorization authorization) {
        if (!chainActive) {
            throw AccountsException.forbidden("agent-inactive", "Agent inactive",
                    "your account or one of its parent agents is suspended or closed: it may read, not change");
        }
        if (!authorizations.contains(authorization)) {
            throw AccountsException.forbidden("missing-authorization", "Missing authorization",
                    "this operation needs the authorization " + authorization + ", which your account does not hold");
        }
    }
}
