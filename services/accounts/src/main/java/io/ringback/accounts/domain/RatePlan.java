package io.ringback.accounts.domain;

import io.ringback.common.Failure;
import io.ringback.common.FieldError;
import io.ringback.common.Principal;

import java.util.List;
import java.util.UUID;

/**
 * A rating table as rating describes it, and the rule that an account may buy on it: a customer
 * table (not a vendor cost list) in the account's currency, sold by the account's parent agent (a
 * top-level account buys on a platform table, one without an owner).
 *
 * @param owner the agent that sells on it; null for a platform table
 */
public record RatePlan(String id, boolean vendorCosts, String currency, UUID owner) {

    /**
     * Refuses (422 naming {@code rateTableId}) a plan the account may not buy on. For an agent a
     * table it names and does not own does not exist (it cannot see it on rating either), so it is
     * refused as unknown, whatever the reason.
     *
     * @param named whether the caller names the plan in this request (not: the account's current
     *              plan, checked again because the account moves or changes currency)
     */
    public void requireBuyableBy(Account account, Principal caller, boolean named) {
        if (named && !caller.admin() && !caller.accountId().equals(owner)) {
            throw unknown(id);
        }
        if (vendorCosts) {
            throw refused("not-a-rate-plan", "Not a rate plan",
                    "rate table " + id + " is a vendor cost table; an account buys on a customer table (a rate plan)");
        }
        if (!currency.equals(account.currency())) {
            throw refused("rate-plan-currency", "Rate plan in another currency",
                    "rate table " + id + " prices in " + currency + ", the account is in " + account.currency());
        }
        if (owner == null ? account.parentId() != null : !owner.equals(account.parentId())) {
            throw refused("rate-plan-not-buyable", "Not the parent's rate plan", "rate table " + id
                    + (owner == null ? " is a platform plan, which only top-level accounts buy on"
                    : " is sold by account " + owner + ", not by the account's parent")
                    + "; an account buys on a plan of its parent agent");
        }
    }

    /** No table has the id (or the caller may not see it). */
    public static Failure unknown(String id) {
        return refused("unknown-rate-table", "Unknown rate table", "no rate table " + id + " exists");
    }

    private static Failure refused(String slug, String title, String detail) {
        return Failure.unprocessable(slug, title, detail)
                .withErrors(List.of(new FieldError("rateTableId", detail)));
    }
}
