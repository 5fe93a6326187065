package io.ringback.accounts.domain;

import io.ringback.common.Authorization;
import io.ringback.common.Failure;
import java.util.Set;
import java.util.TreeSet;

/** The subset rule of agent authorizations. */
public final class Authorizations {

    private Authorizations() {
    }

    /**
     * Refuses a grant that is not a subset of what the parent holds, naming the first
     * authorization too many. A top-level account ({@code parentSet} null) may hold any set.
     */
    public static void requireSubset(Set<Authorization> requested, Set<Authorization> parentSet) {
        if (parentSet == null) {
            return;
        }
        for (Authorization authorization : new TreeSet<>(requested)) {
            if (!parentSet.contains(authorization)) {
                throw new Failure(Failure.Kind.UNPROCESSABLE, "authorization-not-held-by-parent",
                        "Authorization exceeds the parent's",
                        "cannot grant " + authorization + ": the parent agent does not hold it");
            }
        }
    }
}
