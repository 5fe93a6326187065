package io.ringback.rating.domain;

import io.ringback.common.Failure;

import io.ringback.common.Money;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import static io.ringback.rating.domain.Decks.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QuoterTest {

    private static final Instant AT = Instant.parse("2026-03-01T10:00:00Z");
    private static final String USER = "5215512345678";
    private static final String DESTINATION = "442071234567";

    private final Decks decks = new Decks()
            .with("retail", TableKind.CUSTOMER, row("52155", "0.10"), row("44", "0.20", "0.05", 60, 60))
            .with("agent", TableKind.CUSTOMER, row("52155", "0.05"), row("44", "0.10", "0", 30, 6))
            .with("flow", TableKind.CUSTOMER, row("44", "0.30", "0", 30, 6));
    private final Quoter quoter = new Quoter(decks);

    private static final ChainLevel CUSTOMER = new ChainLevel(0, "customer", "retail", true, "USD");
    private static final ChainLevel AGENT = new ChainLevel(1, "agent", "agent", true, "USD");

    private Quote quote(List<ChainLevel> chain, List<String> funds, CtdMode mode, long legAElapsedMs, int minimum) {
        return quoter.quote(new QuoteRequest(chain, funds.stream().map(text -> Money.parse("funds", text)).toList(), USER, DESTINATION, mode,
                mode == CtdMode.FLOW ? "flow" : "", legAElapsedMs, minimum, 14_400, AT));
    }

    @Test
    void standardTheMaximumIsTheLastSecondOfTheLastAffordableIncrementOfBothLegs() {
        // per minute of bridge: leg A 0.10 + leg B 0.20, plus leg B's connect fee 0.05 once.
        // 1.00 buys 3 minutes (0.05 + 3 x 0.30 = 0.95); a 4th would be 1.25.
        Quote quote = quote(List.of(CUSTOMER), List.of("1.00"), CtdMode.STANDARD, 0, 60);
        assertTrue(quote.allowed());
        assertEquals(180, quote.maxDurationSeconds());
        assertEquals(new BigDecimal("0.950000"), quote.levels().get(0).maxDurationCharge());
        assertEquals("52155", quote.levels().get(0).legARate().row().prefix());
        assertEquals("44", quote.levels().get(0).legBRate().row().prefix());
        // exactly enough for 4 minutes: 1.25
        assertEquals(240, quote(List.of(CUSTOMER), List.of("1.25"), CtdMode.STANDARD, 0, 60).maxDurationSeconds());
        assertEquals(180, quote(List.of(CUSTOMER), List.of("1.249999"), CtdMode.STANDARD, 0, 60).maxDurationSeconds());
    }

    @Test
    void whatLegAHasAlreadyRunCountsAgainstTheFunds() {
        // leg A up 50 s: during the bridge of t s it runs 50 + t. With 1.00:
        // t = 130: A = 180 s -> 0.30, B = 180 s -> 0.05 + 0.60 = 0.65: total 0.95;
        // t = 131: A = 181 s jumps to 240 s -> 0.40, B = 131 s still 180 s -> 0.65: total 1.05 > 1.00.
        Quote quote = quote(List.of(CUSTOMER), List.of("1.00"), CtdMode.STANDARD, 50_000, 0);
        assertEquals(130, quote.maxDurationSeconds());
        Quote ran = quote(List.of(CUSTOMER), List.of("0.60"), CtdMode.STANDARD, 50_000, 0);
        // t = 70: A 120 s -> 0.20, B 120 s -> 0.45: 0.65 > 0.60; t = 60: A 110 -> 120 s 0.20, B 60 s 0.25: 0.45;
        // t = 10: A 60 s 0.10, B 60 s 0.25: 0.35; t = 11: A 61 -> 120 s 0.20 + 0.25 = 0.45; t = 60 still 0.45
        assertEquals(60, ran.maxDurationSeconds());
        assertEquals(new BigDecimal("0.100000"), ran.levels().get(0).legAAccruedCharge());
        assertEquals(new BigDecimal("0.450000"), ran.levels().get(0).maxDurationCharge());
    }

    @Test
    void flowUsesTheFlowRateOnLegBAloneWithItsIncrements() {
        // 30/6 at 0.30/min: 0.15 for the first 30 s, then 0.03 per 6 s. With 0.20: 36 s cost 0.18,
        // 37 s bill 42 s for 0.21. Leg A's 300 s are not charged in Flow mode.
        Quote quote = quote(List.of(CUSTOMER), List.of("0.20"), CtdMode.FLOW, 300_000, 0);
        assertEquals(36, quote.maxDurationSeconds());
        assertEquals(new BigDecimal("0.180000"), quote.levels().get(0).maxDurationCharge());
        assertNull(quote.levels().get(0).legARate());
        assertEquals("flow", quote.levels().get(0).legBRate().table().id());
        assertTrue(quote.legARateFound());
    }

    @Test
    void theQuoteIsTheMinimumOverTheChainAndNamesTheLevelThatLimitsIt() {
        // the customer pays 0.05 + 0.30 a minute: 10.00 -> 33 minutes (9.95);
        // the agent pays 0.05 (A) + 0.10 (B, 30/6) a minute: 0.30 -> 120 s
        Quote quote = quote(List.of(CUSTOMER, AGENT), List.of("10.00", "0.30"), CtdMode.STANDARD, 0, 0);
        assertEquals(List.of(1980L, 120L), quote.levels().stream().map(LevelQuote::maxDurationSeconds).toList());
        assertEquals(120, quote.maxDurationSeconds());
        assertEquals(new BigDecimal("0.650000"), quote.levels().get(0).maxDurationCharge());
        assertEquals(new BigDecimal("0.300000"), quote.levels().get(1).maxDurationCharge());
        Quote broke = quote(List.of(CUSTOMER, AGENT), List.of("10.00", "0.00"), CtdMode.STANDARD, 0, 0);
        assertEquals(QuoteOutcome.INSUFFICIENT_FUNDS, broke.outcome());
        assertEquals("agent", broke.refusedAccountId());
        assertEquals(0, broke.maxDurationSeconds());
    }

    @Test
    void theCapBoundsTheQuoteAndTheMinimumDurationRefusesAShortOne() {
        Quote capped = quoter.quote(new QuoteRequest(List.of(CUSTOMER), List.of(Money.parse("funds", "1000")), USER, DESTINATION,
                CtdMode.STANDARD, "", 0, 60, 3600, AT));
        assertEquals(3600, capped.maxDurationSeconds());
        Quote shortCall = quote(List.of(CUSTOMER), List.of("0.40"), CtdMode.STANDARD, 0, 120);
        assertEquals(QuoteOutcome.BELOW_MINIMUM_DURATION, shortCall.outcome());
        assertEquals(60, shortCall.levels().get(0).maxDurationSeconds());
        assertEquals("customer", shortCall.refusedAccountId());
        assertFalse(shortCall.allowed());
    }

    @Test
    void missingRatesPlansAndInactiveAccountsAreReasonsNotErrors() {
        Quote noB = quoter.quote(new QuoteRequest(List.of(CUSTOMER), List.of(Money.parse("funds", "5")), USER, "33123456",
                CtdMode.STANDARD, "", 0, 0, 3600, AT));
        assertEquals(QuoteOutcome.NO_RATE_LEG_B, noB.outcome());
        assertFalse(noB.legBRateFound());
        assertTrue(noB.legARateFound());
        Quote noA = quoter.quote(new QuoteRequest(List.of(CUSTOMER), List.of(Money.parse("funds", "5")), "15551234567", DESTINATION,
                CtdMode.STANDARD, "", 0, 0, 3600, AT));
        assertEquals(QuoteOutcome.NO_RATE_LEG_A, noA.outcome());
        assertEquals("customer", noA.refusedAccountId());
        Quote suspended = quote(List.of(CUSTOMER, new ChainLevel(1, "agent", "agent", false, "USD")),
                List.of("5", "5"), CtdMode.STANDARD, 0, 0);
        assertEquals(QuoteOutcome.ACCOUNT_INACTIVE, suspended.outcome());
        assertEquals("agent", suspended.refusedAccountId());
        assertTrue(suspended.legARateFound(), "both levels have a leg A rate");
        assertTrue(suspended.legBRateFound(), "both levels have a leg B rate");
        Quote suspendedWithoutRates = quoter.quote(new QuoteRequest(
                List.of(new ChainLevel(0, "customer", "retail", false, "USD")), List.of(Money.parse("funds", "5")),
                "15551234567", "33123456", CtdMode.STANDARD, "", 0, 0, 3600, AT));
        assertEquals(QuoteOutcome.ACCOUNT_INACTIVE, suspendedWithoutRates.outcome());
        assertFalse(suspendedWithoutRates.legARateFound(), "retail has no rate for a US number");
        assertFalse(suspendedWithoutRates.legBRateFound(), "retail has no rate for France");
        Quote noPlan = quote(List.of(CUSTOMER, new ChainLevel(1, "agent", "", true, "USD")),
                List.of("5", "5"), CtdMode.STANDARD, 0, 0);
        assertEquals(QuoteOutcome.NO_RATE_TABLE, noPlan.outcome());
        Quote noFlowTable = quoter.quote(new QuoteRequest(List.of(CUSTOMER), List.of(Money.parse("funds", "5")), USER, DESTINATION,
                CtdMode.FLOW, "", 0, 0, 3600, AT));
        assertEquals(QuoteOutcome.NO_RATE_TABLE, noFlowTable.outcome());
    }

    @Test
    void bothLegsArePricedOnOneDeckEvenWhenAnImportSwapsTheTableMeanwhile() {
        Quoter swapping = new Quoter(Decks.swappedOnEveryLookup("retail",
                List.of(row("52", "0.10"), row("44", "0.10")), List.of(row("52", "0.20"), row("44", "0.20"))));
        Quote quote = swapping.quote(new QuoteRequest(List.of(CUSTOMER), List.of(Money.parse("funds", "1.00")), USER, DESTINATION,
                CtdMode.STANDARD, "", 0, 0, 3600, AT));
        LevelQuote level = quote.levels().get(0);
        assertEquals(1, level.legARate().table().version());
        assertEquals(1, level.legBRate().table().version(), "leg B on the deck leg A was priced on");
        // 0.10 + 0.10 a minute on the old deck: 1.00 buys 5 minutes
        assertEquals(300, quote.maxDurationSeconds());
    }

    @Test
    void aLevelWithoutCurrencyIsRefusedNotAssumed() {
        assertEquals("account customer (level 0) has no currency: the chain must give every level's ISO 4217 currency",
                assertThrows(Failure.class, () -> quote(List.of(new ChainLevel(0, "customer", "retail",
                        true, "")), List.of("1.00"), CtdMode.STANDARD, 0, 0)).getMessage());
    }

    @Test
    void largestAffordableSearchesTheWholeRange() {
        assertEquals(-1, Quoter.largestAffordable(t -> BigDecimal.ONE, BigDecimal.ZERO, 100));
        assertEquals(100, Quoter.largestAffordable(t -> BigDecimal.ZERO, BigDecimal.ZERO, 100));
        assertEquals(37, Quoter.largestAffordable(t -> BigDecimal.valueOf(t), BigDecimal.valueOf(37), 100));
    }
}
