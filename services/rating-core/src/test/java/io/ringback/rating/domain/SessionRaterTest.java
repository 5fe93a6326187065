package io.ringback.rating.domain;

import io.ringback.common.Failure;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static io.ringback.rating.domain.Decks.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SessionRaterTest {

    private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");
    private static final String USER = "5215512345678";
    private static final String DESTINATION = "442071234567";

    private final Decks decks = new Decks()
            // the customer's plan (level 0) sold by agent 1
            .with("retail", TableKind.CUSTOMER, row("52155", "0.10"), row("44", "0.15", "0", 30, 6))
            // what agent 1 buys on from agent 2
            .with("agent1", TableKind.CUSTOMER, row("52155", "0.06"), row("44", "0.09", "0", 30, 6))
            // what agent 2 (top level) buys on from the operator
            .with("agent2", TableKind.CUSTOMER, row("52", "0.04"), row("44", "0.07", "0.01", 1, 1))
            .with("flow", TableKind.CUSTOMER, row("44", "0.15"))
            .with("mobile-vendor", TableKind.VENDOR, row("52155", "0.02"))
            .with("uk-vendor", TableKind.VENDOR, row("44", "0.05"));

    private final SessionRater rater = new SessionRater(decks, new BillingPolicy(Set.of(41)));

    private static final List<ChainLevel> CHAIN = List.of(
            new ChainLevel(0, "customer", "retail", true, "USD"),
            new ChainLevel(1, "agent1", "agent1", true, "USD"),
            new ChainLevel(2, "agent2", "agent2", true, "USD"));

    private static Leg legA(long durationMs) {
        return new Leg("a", LegRole.A, USER, START, durationMs, durationMs > 0, 16, "mobile-vendor");
    }

    private static Leg legB(long durationMs) {
        return new Leg("b", LegRole.B, DESTINATION, START.plusSeconds(20), durationMs, durationMs > 0, 16, "uk-vendor");
    }

    private static List<String> charges(RatedLeg leg) {
        return leg.charges().stream().map(charge -> charge.charge().toPlainString()).toList();
    }

    @Test
    void theSeedsWorkedExampleComesOutExactlyInFlowMode() {
        RatedSession session = rater.rate(new SessionToRate(CtdMode.FLOW, "flow",
                List.of(new ChainLevel(0, "customer", "", true, "USD")),
                List.of(legA(75_000), legB(60_000)), false));
        RatedLeg a = session.legs().get(0);
        RatedLeg b = session.legs().get(1);
        assertEquals(LegOutcome.FLOW_LEG_A, a.outcome());
        assertEquals(new BigDecimal("0.000000"), a.customerCharge());
        assertEquals(LegOutcome.BILLED, b.outcome());
        assertEquals(new BigDecimal("0.150000"), b.customerCharge());
        assertEquals("flow", b.charges().get(0).rate().table().id());
        assertEquals(new BigDecimal("0.150000"), session.totalCustomerCharge());
        // leg A's vendor cost counts on its own duration (75 s -> 120 s at 60/60); the seed's
        // example bills one minute on each leg, which is the case below
        assertEquals(new BigDecimal("0.040000"), a.vendorCost());
    }

    @Test
    void theSeedsMarginTableOneMinuteEachLeg() {
        RatedSession session = rater.rate(new SessionToRate(CtdMode.FLOW, "flow",
                List.of(new ChainLevel(0, "customer", "", true, "USD")),
                List.of(legA(60_000), legB(60_000)), false));
        assertEquals(new BigDecimal("0.020000"), session.legs().get(0).vendorCost());
        assertEquals(new BigDecimal("0.050000"), session.legs().get(1).vendorCost());
        assertEquals(new BigDecimal("0.150000"), session.totalCustomerCharge());
        assertEquals(new BigDecimal("0.070000"), session.totalVendorCost());
        assertEquals(new BigDecimal("0.080000"), session.margin());
        assertEquals(new BigDecimal("-0.020000"), session.legs().get(0).margin());
        assertEquals(new BigDecimal("0.100000"), session.legs().get(1).margin());
        assertEquals(Optional.of(new BigDecimal("53.3")), session.marginPercent());
    }

    @Test
    void standardChargesBothLegsEachOnItsOwnDurationAtEveryLevelOfTheChain() {
        RatedSession session = rater.rate(new SessionToRate(CtdMode.STANDARD, "", CHAIN,
                List.of(legA(95_000), legB(61_500)), false));
        RatedLeg a = session.legs().get(0);
        RatedLeg b = session.legs().get(1);
        // leg A: 95 s -> 120 s at 60/60: 0.20, 0.12, 0.08
        assertEquals(List.of("0.200000", "0.120000", "0.080000"), charges(a));
        assertEquals(List.of(120L, 120L, 120L), a.charges().stream().map(LevelCharge::billableSeconds).toList());
        // leg B: 61.5 s -> 62 s; 30/6 -> 66 s: 0.165, 0.099; 1/1 -> 62 s: 0.01 + 0.07 x 62 / 60 = 0.082333
        assertEquals(List.of("0.165000", "0.099000", "0.082333"), charges(b));
        assertEquals(List.of(66L, 66L, 62L), b.charges().stream().map(LevelCharge::billableSeconds).toList());
        assertEquals(List.of("customer", "agent1", "agent2"),
                b.charges().stream().map(charge -> charge.level().accountId()).toList());
        assertEquals("52155", a.charges().get(0).rate().row().prefix());
        assertEquals("52", a.charges().get(2).rate().row().prefix());
        assertEquals(new BigDecimal("0.365000"), session.totalCustomerCharge());
        // costs: leg A 120 s x 0.02 = 0.04; leg B 120 s x 0.05 = 0.10
        assertEquals(new BigDecimal("0.040000"), a.vendorCost());
        assertEquals(new BigDecimal("0.100000"), b.vendorCost());
        assertEquals(new BigDecimal("0.225000"), session.margin());
        assertEquals(Optional.of(new BigDecimal("61.6")), session.marginPercent());
    }

    @Test
    void flowChargesTheCustomerTheFlowRateAndEachAncestorItsOwnPlanForLegBOnly() {
        RatedSession session = rater.rate(new SessionToRate(CtdMode.FLOW, "flow", CHAIN,
                List.of(legA(95_000), legB(61_500)), false));
        assertEquals(List.of("0.000000", "0.000000", "0.000000"), charges(session.legs().get(0)));
        assertEquals(List.of("0.300000", "0.099000", "0.082333"), charges(session.legs().get(1)));
        assertEquals(new BigDecimal("0.040000"), session.legs().get(0).vendorCost());
    }

    @Test
    void unansweredLegsCostNothingAndLegAFollowsTheServicesChoiceWhenLegBFailed() {
        Leg failedB = new Leg("b", LegRole.B, DESTINATION, START, 0, false, 17, "uk-vendor");
        RatedSession notBilled = rater.rate(new SessionToRate(CtdMode.STANDARD, "", CHAIN, List.of(legA(40_000), failedB), false));
        assertEquals(LegOutcome.LEG_B_FAILED, notBilled.legs().get(0).outcome());
        assertEquals(LegOutcome.NOT_ANSWERED, notBilled.legs().get(1).outcome());
        assertEquals(new BigDecimal("0.000000"), notBilled.totalCustomerCharge());
        assertEquals(new BigDecimal("0.020000"), notBilled.totalVendorCost());
        RatedSession billed = rater.rate(new SessionToRate(CtdMode.STANDARD, "", CHAIN, List.of(legA(40_000), failedB), true));
        assertEquals(LegOutcome.BILLED, billed.legs().get(0).outcome());
        assertEquals(List.of("0.100000", "0.060000", "0.040000"), charges(billed.legs().get(0)));
    }

    @Test
    void aConfiguredNonBillableCauseIsNotChargedButAnAbnormalEndIsBilledForItsTime() {
        Leg temporaryFailure = new Leg("b", LegRole.B, DESTINATION, START, 30_000, true, 41, "uk-vendor");
        Leg networkOutOfOrder = new Leg("b", LegRole.B, DESTINATION, START, 30_000, true, 38, "uk-vendor");
        assertEquals(LegOutcome.CAUSE_NOT_BILLABLE, rater.rate(new SessionToRate(CtdMode.STANDARD, "", CHAIN,
                List.of(temporaryFailure), false)).legs().get(0).outcome());
        RatedLeg billed = rater.rate(new SessionToRate(CtdMode.STANDARD, "", CHAIN, List.of(networkOutOfOrder), false)).legs().get(0);
        assertEquals(LegOutcome.BILLED, billed.outcome());
        assertEquals(new BigDecimal("0.075000"), billed.customerCharge());
    }

    @Test
    void aLevelWithoutARateLeavesTheLegUnbilledAndAMissingVendorRateCostsNothing() {
        Leg france = new Leg("b", LegRole.B, "33123456789", START, 60_000, true, 16, "uk-vendor");
        RatedLeg leg = rater.rate(new SessionToRate(CtdMode.STANDARD, "", CHAIN, List.of(france), false)).legs().get(0);
        assertEquals(LegOutcome.NO_RATE, leg.outcome());
        assertEquals(new BigDecimal("0.000000"), leg.customerCharge());
        assertNull(leg.vendorRate());
        assertEquals(new BigDecimal("0.000000"), leg.vendorCost());
    }

    @Test
    void everyLegAndLevelIsRatedOnOneDeckEvenWhenAnImportSwapsTheTableMeanwhile() {
        SessionRater swapping = new SessionRater(Decks.swappedOnEveryLookup("retail",
                List.of(row("52", "0.10"), row("44", "0.10")), List.of(row("52", "0.20"), row("44", "0.20"))),
                BillingPolicy.BILL_EVERY_ANSWERED_LEG);
        Leg a = new Leg("a", LegRole.A, USER, START, 60_000, true, 16, "");
        Leg b = new Leg("b", LegRole.B, DESTINATION, START, 60_000, true, 16, "");
        RatedSession session = swapping.rate(new SessionToRate(CtdMode.STANDARD, "",
                List.of(new ChainLevel(0, "customer", "retail", true, "USD")), List.of(a, b), false));
        assertEquals(List.of(1L, 1L), session.legs().stream()
                .map(leg -> leg.charges().get(0).rate().table().version()).toList());
        assertEquals(new BigDecimal("0.200000"), session.totalCustomerCharge(), "0.10 + 0.10 on the old deck");
    }

    @Test
    void aVendorCostInAnotherCurrencyThanTheAccountIsRefused() {
        SessionRater rater = new SessionRater(new Decks()
                .with("retail", TableKind.CUSTOMER, row("44", "0.15"))
                .with("eur-vendor", TableKind.VENDOR, "EUR", row("44", "0.05")), BillingPolicy.BILL_EVERY_ANSWERED_LEG);
        Leg b = new Leg("b", LegRole.B, DESTINATION, START, 60_000, true, 16, "eur-vendor");
        assertEquals("vendor cost table eur-vendor is in EUR but account customer is in USD: the margin cannot "
                        + "subtract one currency from another",
                assertThrows(Failure.class, () -> rater.rate(new SessionToRate(CtdMode.STANDARD, "",
                        List.of(new ChainLevel(0, "customer", "retail", true, "USD")), List.of(b), false))).getMessage());
    }

    @Test
    void malformedRequestsAreRefused() {
        assertEquals("account c (level 0) has no currency: the chain must give every level's ISO 4217 currency",
                assertThrows(Failure.class, () -> rater.rate(new SessionToRate(CtdMode.STANDARD, "",
                        List.of(new ChainLevel(0, "c", "retail", true, "")), List.of(legB(1000)), false))).getMessage());
        assertThrows(Failure.class, () -> rater.rate(new SessionToRate(CtdMode.STANDARD, "",
                List.of(), List.of(legB(1000)), false)));
        assertThrows(Failure.class, () -> rater.rate(new SessionToRate(CtdMode.FLOW, "",
                CHAIN, List.of(legB(1000)), false)));
        assertThrows(Failure.class, () -> rater.rate(new SessionToRate(CtdMode.STANDARD, "",
                List.of(new ChainLevel(0, "c", "", true, "USD")), List.of(legB(1000)), false)));
        assertThrows(UnknownRateTableException.class, () -> rater.rate(new SessionToRate(CtdMode.STANDARD, "",
                List.of(new ChainLevel(0, "c", "nope", true, "USD")), List.of(legB(1000)), false)));
        assertEquals("rate table retail is in USD but account c (level 0) is in MXN",
                assertThrows(Failure.class, () -> rater.rate(new SessionToRate(CtdMode.STANDARD, "",
                        List.of(new ChainLevel(0, "c", "retail", true, "MXN")),
                        List.of(new Leg("b", LegRole.B, DESTINATION, START, 1000, true, 16, "")), false))).getMessage());
    }
}
