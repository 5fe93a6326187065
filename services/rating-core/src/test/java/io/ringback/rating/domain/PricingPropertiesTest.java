package io.ringback.rating.domain;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Properties the money engine holds for any rate, duration and funds. */
class PricingPropertiesTest {

    private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

    @Provide
    Arbitrary<RateRow> rates() {
        Arbitrary<BigDecimal> price = Arbitraries.bigDecimals().between(BigDecimal.ZERO, new BigDecimal("5")).ofScale(6);
        Arbitrary<BigDecimal> fee = Arbitraries.bigDecimals().between(BigDecimal.ZERO, new BigDecimal("0.5")).ofScale(6);
        Arbitrary<BigDecimal> minimum = Arbitraries.bigDecimals().between(BigDecimal.ZERO, new BigDecimal("1")).ofScale(6)
                .injectNull(0.5);
        Arbitrary<Integer> increment = Arbitraries.of(1, 6, 30, 60, 7, 45);
        return Combinators.combine(price, fee, increment, increment, minimum)
                .as((p, f, first, next, min) -> new RateRow("52", "", p, f, first, next, null, null, min));
    }

    @Property
    void theChargeNeverDecreasesWithTheDuration(@ForAll("rates") RateRow rate,
                                                @ForAll @LongRange(max = 10_800_000) long shorterMs,
                                                @ForAll @LongRange(max = 600_000) long extraMs) {
        BigDecimal shorter = Pricing.price(rate, shorterMs).charge();
        BigDecimal longer = Pricing.price(rate, shorterMs + extraMs).charge();
        assertTrue(longer.compareTo(shorter) >= 0, () -> shorter + " then " + longer);
    }

    @Property
    void billableSecondsCoverTheDurationAndEndOnAnIncrement(@ForAll("rates") RateRow rate,
                                                             @ForAll @LongRange(min = 1, max = 10_800_000) long durationMs) {
        long billable = Pricing.billableSeconds(durationMs, rate.firstIncrement(), rate.nextIncrement());
        assertTrue(billable * 1000 >= durationMs);
        assertTrue(billable == rate.firstIncrement()
                || (billable - rate.firstIncrement()) % rate.nextIncrement() == 0);
    }

    @Property
    void aCallCutAtTheQuotedMaximumIsAffordableAndOneSecondMoreIsNot(
            @ForAll("rates") RateRow legARate, @ForAll("rates") RateRow legBRate,
            @ForAll @IntRange(max = 20_000) int fundsCents, @ForAll @LongRange(max = 300_000) long legAElapsedMs,
            @ForAll boolean flow) {
        // Standard: the account's plan prices leg A (user's number, prefix 1) and leg B (prefix 52).
        // Flow: the flow table prices leg B alone.
        RateRow legA = withPrefix(legARate, "1");
        PrefixIndex.Builder plan = PrefixIndex.builder();
        plan.add(legA, 1);
        plan.add(legBRate, 2);
        Map<String, RateDeck> decks = Map.of(
                "plan", new RateDeck(new RateTable("plan", "plan", TableKind.CUSTOMER, "USD", 1), plan.build()),
                "flow", new RateDeck(new RateTable("flow", "flow", TableKind.CUSTOMER, "USD", 1), single(legBRate)));
        Quoter quoter = new Quoter(id -> Optional.ofNullable(decks.get(id)));
        BigDecimal funds = BigDecimal.valueOf(fundsCents, 2).setScale(6);
        int cap = 14_400;
        Quote quote = quoter.quote(new QuoteRequest(List.of(new ChainLevel(0, "acc", "plan", true, "USD")),
                List.of(funds), "15551234567", "525512345678", flow ? CtdMode.FLOW : CtdMode.STANDARD,
                flow ? "flow" : "", legAElapsedMs, 0, cap, AT));
        long max = quote.maxDurationSeconds();
        BigDecimal atMax = charge(flow, legA, legBRate, legAElapsedMs, max);
        if (quote.allowed()) {
            assertTrue(max > 0);
            assertTrue(atMax.compareTo(funds) <= 0, () -> "at " + max + " s: " + atMax + " > " + funds);
            assertEquals(atMax, quote.levels().get(0).maxDurationCharge());
            if (max < cap) {
                BigDecimal beyond = charge(flow, legA, legBRate, legAElapsedMs, max + 1);
                assertTrue(beyond.compareTo(funds) > 0, () -> "at " + (max + 1) + " s still affordable: " + beyond);
            }
        } else {
            assertEquals(QuoteOutcome.INSUFFICIENT_FUNDS, quote.outcome());
            assertTrue(charge(flow, legA, legBRate, legAElapsedMs, 1).compareTo(funds) > 0);
        }
    }

    private static BigDecimal charge(boolean flow, RateRow legA, RateRow legB, long legAElapsedMs, long seconds) {
        BigDecimal b = Pricing.price(legB, seconds * 1000).charge();
        return flow ? b : b.add(Pricing.price(legA, legAElapsedMs + seconds * 1000).charge());
    }

    private static RateRow withPrefix(RateRow row, String prefix) {
        return new RateRow(prefix, row.description(), row.pricePerMinute(), row.connectFee(), row.firstIncrement(),
                row.nextIncrement(), null, null, row.minimumCharge());
    }

    private static PrefixIndex single(RateRow row) {
        PrefixIndex.Builder builder = PrefixIndex.builder();
        builder.add(row, 1);
        return builder.build();
    }
}
