package io.ringback.accounts.domain;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The allow and deny prefix lists of one account. An empty allow list means "no allow list set".
 */
public record NumberLimits(UUID accountId, Set<String> allow, Set<String> deny) {

    public NumberLimits {
        allow = Set.copyOf(new TreeSet<>(allow));
        deny = Set.copyOf(new TreeSet<>(deny));
    }

    /** Why a destination was (not) allowed. */
    public enum Reason { ALLOWED, DENY_PREFIX, NOT_IN_ALLOW_LIST }

    /**
     * The answer of a check: allowed or not, and when not, which account's rule refused the number
     * and (for a deny rule) the prefix that matched.
     */
    public record Decision(boolean allowed, Reason reason, UUID refusedBy, String matchedPrefix) {
        static final Decision ALLOWED = new Decision(true, Reason.ALLOWED, null, null);
    }

    /**
     * Domain rules §4: a number is allowed iff, for the account and every ancestor, it matches no
     * deny prefix and, where an allow list is set, one of its prefixes. {@code chain} runs from the
     * account (level 0) up; the first level that refuses is named, so the answer says the closest
     * rule to the caller.
     */
    public static Decision check(List<NumberLimits> chain, String number) {
        for (NumberLimits level : chain) {
            String denied = longestMatch(level.deny, number);
            if (denied != null) {
                return new Decision(false, Reason.DENY_PREFIX, level.accountId, denied);
            }
            if (!level.allow.isEmpty() && longestMatch(level.allow, number) == null) {
                return new Decision(false, Reason.NOT_IN_ALLOW_LIST, level.accountId, null);
            }
        }
        return Decision.ALLOWED;
    }

    private static String longestMatch(Set<String> prefixes, String number) {
        String best = null;
        for (String prefix : prefixes) {
            if (number.startsWith(prefix) && (best == null || prefix.length() > best.length())) {
                best = prefix;
            }
        }
        return best;
    }
}
