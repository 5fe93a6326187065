package io.ringback.common;

import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Who calls a REST API: the platform admin (sees everything) or an agent authenticated with an
 * API key of its account (sees its own subtree only). Issued by the accounts service, the same on
 * every service. {@code active}: the agent's account and every ancestor are ACTIVE; an agent that
 * is suspended, or under a suspended or closed agent, may still read its subtree but changes
 * nothing.
 */
public record Principal(UUID accountId, Set<Authorization> authorizations, boolean active) {

    public static final Principal ADMIN = new Principal(null, Set.of(Authorization.values()), true);

    public Principal {
        authorizations = Set.copyOf(authorizations);
    }

    public boolean admin() {
        return accountId == null;
    }

    /** The key idempotency records and audit lines use for this caller. */
    public String name() {
        return admin() ? "admin" : "account:" + accountId;
    }

    /**
     * Is the account whose chain (its id first, then each ancestor up to the top) is given inside
     * this caller's subtree? An account outside it does not exist for the caller.
     */
    public boolean sees(List<UUID> chain) {
        return admin() || chain.contains(accountId);
    }

    /** Inside the subtree and not the caller's own account: what an agent may change. */
    public boolean isBelow(List<UUID> chain) {
        return admin() || (chain.contains(accountId) && !chain.get(0).equals(accountId));
    }

    /** Refuses every change by an agent whose chain is not all ACTIVE (403). */
    public void requireActive() {
        if (!active) {
            throw Failure.forbidden("agent-inactive", "Agent inactive",
                    "your account or one of its parent agents is suspended or closed: it may read, not change");
        }
    }

    /**
     * Refuses an operation the agent's authorizations do not cover (403 naming the authorization),
     * and every change by an inactive agent. Every agent write passes here.
     */
    public void require(Authorization authorization) {
        requireActive();
        if (!authorizations.contains(authorization)) {
            throw Failure.forbidden("missing-authorization", "Missing authorization",
                    "this operation needs the authorization " + authorization + ", which your account does not hold");
        }
    }

    /** Refuses an operation only the platform admin may do (403). */
    public void requireAdmin() {
        if (!admin()) {
            throw Failure.forbidden("admin-only", "Admin only", "only the platform admin may do this");
        }
    }
}
