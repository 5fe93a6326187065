package io.ringback.accounts.domain;

import io.ringback.common.Failure;
import java.util.List;
import java.util.UUID;

/** The tree rules: no cycles. */
public final class Hierarchy {

    private Hierarchy() {
    }

    /**
     * Refuses to hang {@code account} under a parent whose chain (the parent up to the top)
     * contains it: that would close a cycle.
     */
    public static void requireNoCycle(UUID account, List<UUID> newParentChain) {
        if (newParentChain.contains(account)) {
            throw Failure.conflict("cycle", "Move would create a cycle",
                    "account " + newParentChain.get(0) + " is " + account
                            + " itself or one of its sub-accounts; it cannot become its parent");
        }
    }
}
