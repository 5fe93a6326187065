package io.ringback.rating.domain;

import io.ringback.common.Failure;
import io.ringback.common.Money;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

/**
 * Max-duration quotes (domain rules §3): for each level of the chain the longest whole bridge
 * duration whose charge fits its funds (Standard: leg B plus leg A, which keeps running during
 * the bridge on top of what it has already run; Flow: the flow rate on leg B; connect fees and
 * minimum charges included), then the minimum over the chain.
 *
 * <p>The charge is a non-decreasing step function of the duration, so a binary search finds the
 * largest affordable second: the last second of the last affordable increment. A call cut at
 * that duration costs no more than the funds.
 */
public final class Quoter {

    private final RateDecks decks;

    public Quoter(RateDecks decks) {
        this.decks = decks;
    }

    /**
     * @throws IllegalArgumentException  when the chain is malformed or funds are not given per level
     * @throws UnknownRateTableException when a named table does not exist
     */
    public Quote quote(QuoteRequest request) {
        ChainPlans.requireChain(request.chain());
        if (request.availableFunds().size() != request.chain().size()) {
            throw Failure.invalid("invalid-rating-request", "Invalid rating request", "available funds are needed for each of the " + request.chain().size()
                    + " chain levels, got " + request.availableFunds().size());
        }
        List<ChainLevel> chain = request.chain();
        // One snapshot for the whole quote: an import swapping a table meanwhile cannot price leg A
        // on the old deck and leg B (or another level) on the new one.
        RateDecks snapshot = DeckSnapshot.of(decks);
        boolean flowWithoutTable = request.mode() == CtdMode.FLOW && request.flowTableId().isEmpty();
        List<MatchedRate> legA = new ArrayList<>();
        List<MatchedRate> legB = new ArrayList<>();
        boolean legAFound = true;
        boolean legBFound = true;
        String firstWithoutB = null;
        String firstWithoutA = null;
        String firstWithoutTable = null;
        for (ChainLevel level : chain) {
            String tableA = ChainPlans.tableFor(request.mode(), request.flowTableId(), level, LegRole.A);
            String tableB = ChainPlans.tableFor(request.mode(), request.flowTableId(), level, LegRole.B);
            MatchedRate a = tableA == null || tableA.isEmpty() ? null
                    : ChainPlans.deckFor(snapshot, level, tableA).lookup(request.userNumber(), request.at()).orElse(null);
            MatchedRate b = tableB.isEmpty() ? null
                    : ChainPlans.deckFor(snapshot, level, tableB).lookup(request.destination(), request.at()).orElse(null);
            if (tableB.isEmpty() && firstWithoutTable == null) {
                firstWithoutTable = level.accountId();
            }
            if (tableA != null && a == null) {
                legAFound = false;
                firstWithoutA = firstWithoutA == null ? level.accountId() : firstWithoutA;
            }
            if (b == null) {
                legBFound = false;
                firstWithoutB = firstWithoutB == null ? level.accountId() : firstWithoutB;
            }
            legA.add(a);
            legB.add(b);
        }
        for (ChainLevel level : chain) {
            if (!level.active()) {
                return refused(request, QuoteOutcome.ACCOUNT_INACTIVE, level.accountId(), legAFound, legBFound);
            }
        }
        if (flowWithoutTable) {
            return refused(request, QuoteOutcome.NO_RATE_TABLE, null, legAFound, false);
        }
        if (firstWithoutTable != null) {
            return refused(request, QuoteOutcome.NO_RATE_TABLE, firstWithoutTable, legAFound, false);
        }
        if (!legBFound || !legAFound) {
            QuoteOutcome outcome = legBFound ? QuoteOutcome.NO_RATE_LEG_A : QuoteOutcome.NO_RATE_LEG_B;
            List<LevelQuote> levels = new ArrayList<>();
            for (int i = 0; i < chain.size(); i++) {
                levels.add(levelQuote(request, i, legA.get(i), legB.get(i), 0, 0));
            }
            return new Quote(outcome, legBFound ? firstWithoutA : firstWithoutB, legAFound, legBFound, levels, 0);
        }
        long overall = request.capSeconds();
        String limiting = null;
        long[] perLevel = new long[chain.size()];
        for (int i = 0; i < chain.size(); i++) {
            LongFunction<BigDecimal> charge = chargeAt(request, legA.get(i), legB.get(i));
            perLevel[i] = largestAffordable(charge, request.availableFunds().get(i), request.capSeconds());
            if (perLevel[i] < overall) {
                overall = Math.max(perLevel[i], 0);
                limiting = chain.get(i).accountId();
            }
        }
        QuoteOutcome outcome = QuoteOutcome.OK;
        if (overall <= 0) {
            outcome = QuoteOutcome.INSUFFICIENT_FUNDS;
        } else if (overall < request.minimumDurationSeconds()) {
            outcome = QuoteOutcome.BELOW_MINIMUM_DURATION;
        }
        long quoted = outcome == QuoteOutcome.OK ? overall : 0;
        List<LevelQuote> levels = new ArrayList<>();
        for (int i = 0; i < chain.size(); i++) {
            levels.add(levelQuote(request, i, legA.get(i), legB.get(i), Math.max(perLevel[i], 0), quoted));
        }
        return new Quote(outcome, outcome == QuoteOutcome.OK ? null : limiting, true, true, levels, quoted);
    }

    /**
     * The largest {@code t} in {@code [0, cap]} with {@code charge(t) <= funds}, for a
     * non-decreasing {@code charge}; {@code -1} when even {@code t = 0} is not affordable.
     */
    public static long largestAffordable(LongFunction<BigDecimal> charge, BigDecimal funds, long cap) {
        if (charge.apply(0).compareTo(funds) > 0) {
            return -1;
        }
        long low = 0;
        long high = cap;
        while (low < high) {
            long mid = low + (high - low + 1) / 2;
            if (charge.apply(mid).compareTo(funds) <= 0) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return low;
    }

    /** The charge to one level if the bridge lasts {@code seconds} (leg A's elapsed time included). */
    private static LongFunction<BigDecimal> chargeAt(QuoteRequest request, MatchedRate legA, MatchedRate legB) {
        return seconds -> {
            BigDecimal b = legB.price(seconds * 1000).charge();
            return legA == null ? b : b.add(legA.price(request.legAElapsedMs() + seconds * 1000).charge());
        };
    }

    private static LevelQuote levelQuote(QuoteRequest request, int i, MatchedRate legA, MatchedRate legB,
                                         long levelMax, long quoted) {
        BigDecimal accrued = legA == null ? Money.ZERO : legA.price(request.legAElapsedMs()).charge();
        BigDecimal atQuoted = legB == null ? accrued : chargeAt(request, legA, legB).apply(quoted);
        return new LevelQuote(request.chain().get(i), legA, legB, accrued, request.availableFunds().get(i),
                levelMax, atQuoted);
    }

    private static Quote refused(QuoteRequest request, QuoteOutcome outcome, String accountId, boolean legAFound,
                                 boolean legBFound) {
        List<LevelQuote> levels = new ArrayList<>();
        for (int i = 0; i < request.chain().size(); i++) {
            levels.add(new LevelQuote(request.chain().get(i), null, null, Money.ZERO, request.availableFunds().get(i),
                    0, Money.ZERO));
        }
        return new Quote(outcome, accountId, legAFound, legBFound, levels, 0);
    }
}
