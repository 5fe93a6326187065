package io.ringback.rating.domain;

import io.ringback.common.Failure;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Rates the legs of a callback session (CTD Standard or Flow) for every level of the reseller
 * chain, with each leg's vendor cost. Pure computation over the decks in memory.
 */
public final class SessionRater {

    private final RateDecks decks;
    private final BillingPolicy policy;

    public SessionRater(RateDecks decks, BillingPolicy policy) {
        this.decks = decks;
        this.policy = policy;
    }

    /**
     * @throws IllegalArgumentException    when the chain is malformed (a level without currency included), a level
     *                                     has no rate plan, Flow has no flow table, or a table's currency is not
     *                                     its account's
     * @throws UnknownRateTableException   when a named table does not exist
     */
    public RatedSession rate(SessionToRate session) {
        ChainPlans.requireChain(session.chain());
        if (session.mode() == CtdMode.FLOW && session.flowTableId().isEmpty()) {
            throw Failure.invalid("invalid-rating-request", "Invalid rating request", "Flow mode needs the service's flow rate table id");
        }
        for (ChainLevel level : session.chain()) {
            if (!level.hasRatePlan() && !(session.mode() == CtdMode.FLOW && level.level() == 0)) {
                throw Failure.invalid("invalid-rating-request", "Invalid rating request", "chain level " + level.level() + " (account " + level.accountId()
                        + ") has no rate plan");
            }
        }
        boolean legBAnswered = session.legs().stream().anyMatch(leg -> leg.role() == LegRole.B && leg.answered());
        // One snapshot for the whole session: an import swapping a table meanwhile cannot price
        // one leg or level on the old deck and another on the new one.
        RateDecks snapshot = DeckSnapshot.of(decks);
        List<RatedLeg> rated = new ArrayList<>(session.legs().size());
        for (Leg leg : session.legs()) {
            rated.add(rate(snapshot, session, leg, legBAnswered));
        }
        return new RatedSession(List.copyOf(rated));
    }

    private RatedLeg rate(RateDecks snapshot, SessionToRate session, Leg leg, boolean legBAnswered) {
        MatchedRate vendorRate = null;
        LegPrice cost = LegPrice.NOTHING;
        if (!leg.costTableId().isEmpty()) {
            vendorRate = ChainPlans.costDeckFor(snapshot, session.chain().get(0), leg.costTableId())
                    .lookup(leg.number(), leg.startTime()).orElse(null);
            if (vendorRate != null && leg.answered()) {
                cost = vendorRate.price(leg.durationMs());
            }
        }
        List<MatchedRate> rates = new ArrayList<>(session.chain().size());
        boolean allRated = true;
        for (ChainLevel level : session.chain()) {
            String tableId = ChainPlans.tableFor(session.mode(), session.flowTableId(), level, leg.role());
            Optional<MatchedRate> rate = tableId == null ? Optional.empty()
                    : ChainPlans.deckFor(snapshot, level, tableId).lookup(leg.number(), leg.startTime());
            allRated &= tableId == null || rate.isPresent();
            rates.add(rate.orElse(null));
        }
        LegOutcome outcome = outcome(session, leg, legBAnswered, allRated);
        List<LevelCharge> charges = new ArrayList<>(rates.size());
        for (int i = 0; i < rates.size(); i++) {
            MatchedRate rate = rates.get(i);
            LegPrice price = outcome == LegOutcome.BILLED ? rate.price(leg.durationMs()) : LegPrice.NOTHING;
            charges.add(new LevelCharge(session.chain().get(i), rate, price.billableSeconds(), price.charge()));
        }
        return new RatedLeg(leg, outcome, List.copyOf(charges), vendorRate, cost.billableSeconds(), cost.charge());
    }

    private LegOutcome outcome(SessionToRate session, Leg leg, boolean legBAnswered, boolean allRated) {
        if (!leg.answered()) {
            return LegOutcome.NOT_ANSWERED;
        }
        if (session.mode() == CtdMode.FLOW && leg.role() == LegRole.A) {
            return LegOutcome.FLOW_LEG_A;
        }
        if (!policy.billable(leg.q850Cause())) {
            return LegOutcome.CAUSE_NOT_BILLABLE;
        }
        if (leg.role() == LegRole.A && !legBAnswered && !session.billLegAWhenLegBFailed()) {
            return LegOutcome.LEG_B_FAILED;
        }
        return allRated ? LegOutcome.BILLED : LegOutcome.NO_RATE;
    }
}
