package io.ringback.rating.domain;

import io.ringback.common.Failure;

import java.util.List;

/**
 * Which rate table prices each leg at each level of the chain. Standard: every level's own plan
 * for both legs. Flow: leg A is charged at no level; leg B is priced at the service's flow table
 * for the customer (level 0) and at each ancestor's own plan, so every agent keeps the margin
 * between what it buys on and what it sells.
 */
final class ChainPlans {

    private ChainPlans() {
    }

    /** The table pricing {@code role} at {@code level}; null when that leg is not charged there. */
    static String tableFor(CtdMode mode, String flowTableId, ChainLevel level, LegRole role) {
        if (mode == CtdMode.FLOW) {
            if (role == LegRole.A) {
                return null;
            }
            return level.level() == 0 ? flowTableId : level.rateTableId();
        }
        return level.rateTableId();
    }

    /**
     * The deck a level is charged with; its currency must be the account's, since the charge is
     * debited in the account's currency ({@link #requireChain} has made sure every level names one).
     */
    static RateDeck deckFor(RateDecks decks, ChainLevel level, String tableId) {
        RateDeck deck = decks.require(tableId);
        if (!level.currency().equals(deck.table().currency())) {
            throw Failure.invalid("invalid-rating-request", "Invalid rating request", "rate table " + tableId + " is in " + deck.table().currency()
                    + " but account " + level.accountId() + " (level " + level.level() + ") is in " + level.currency());
        }
        return deck;
    }

    /**
     * The vendor cost deck of a leg; its currency must be the account's (level 0), since the margin
     * subtracts the cost from the customer's charge.
     */
    static RateDeck costDeckFor(RateDecks decks, ChainLevel account, String tableId) {
        RateDeck deck = decks.require(tableId);
        if (!deck.table().currency().equals(account.currency())) {
            throw Failure.invalid("invalid-rating-request", "Invalid rating request", "vendor cost table " + tableId + " is in " + deck.table().currency()
                    + " but account " + account.accountId() + " is in " + account.currency()
                    + ": the margin cannot subtract one currency from another");
        }
        return deck;
    }

    /** Checks the levels are 0..n in order and each names its currency (missing data is refused, not assumed). */
    static void requireChain(List<ChainLevel> chain) {
        if (chain.isEmpty()) {
            throw Failure.invalid("invalid-rating-request", "Invalid rating request", "the reseller chain is empty: level 0 (the account) is required");
        }
        for (int i = 0; i < chain.size(); i++) {
            if (chain.get(i).level() != i) {
                throw Failure.invalid("invalid-rating-request", "Invalid rating request", "the chain must list levels 0.." + (chain.size() - 1)
                        + " in order; position " + i + " holds level " + chain.get(i).level());
            }
            if (chain.get(i).currency().isEmpty()) {
                throw Failure.invalid("invalid-rating-request", "Invalid rating request", "account " + chain.get(i).accountId() + " (level " + i
                        + ") has no currency: the chain must give every level's ISO 4217 currency");
            }
        }
    }
}
