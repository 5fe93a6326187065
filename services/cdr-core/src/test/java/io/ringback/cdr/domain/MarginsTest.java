package io.ringback.cdr.domain;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class MarginsTest {

    @Test
    void aDirectAccountLeavesThePlatformItsChargeMinusTheCost() {
        // The seed's worked example, leg B: price 0.15/min, cost 0.05/min, one billed minute.
        List<Margins.Margin> margins = Margins.of(
                List.of(new Margins.Charge(0, "customer", new BigDecimal("0.150000"), "USD")),
                new BigDecimal("0.050000"), "USD");
        assertEquals(List.of(new Margins.Margin(Margins.PLATFORM, "", new BigDecimal("0.100000"), "USD")), margins);
    }

    @Test
    void eachAgentKeepsWhatItsChildPaysMinusWhatItPaysAndThePlatformTheTopLevelsChargeMinusTheCost() {
        List<Margins.Margin> margins = Margins.of(List.of(
                        new Margins.Charge(0, "customer", new BigDecimal("0.150000"), "USD"),
                        new Margins.Charge(1, "reseller", new BigDecimal("0.120000"), "USD"),
                        new Margins.Charge(2, "distributor", new BigDecimal("0.090000"), "USD")),
                new BigDecimal("0.050000"), "USD");
        assertEquals(List.of(
                new Margins.Margin(Margins.PLATFORM, "", new BigDecimal("0.040000"), "USD"),
                new Margins.Margin(2, "distributor", new BigDecimal("0.030000"), "USD"),
                new Margins.Margin(1, "reseller", new BigDecimal("0.030000"), "USD")), margins);
        BigDecimal sum = margins.stream().map(Margins.Margin::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertEquals(new BigDecimal("0.100000"), sum, "the margins add up to customer charge - cost");
    }

    @Test
    void aLegThatCostsAndIsNotChargedIsALossForThePlatform() {
        // Leg A in Flow mode: 0.02 cost, nothing charged.
        assertEquals(new BigDecimal("-0.020000"), Margins.of(
                List.of(new Margins.Charge(0, "customer", new BigDecimal("0.000000"), "USD")),
                new BigDecimal("0.020000"), "USD").get(0).amount());
    }

    @Test
    void amountsInTwoCurrenciesHaveNoMarginRatherThanAWrongOne() {
        List<Margins.Margin> margins = Margins.of(List.of(
                        new Margins.Charge(0, "customer", new BigDecimal("12.000000"), "BDT"),
                        new Margins.Charge(1, "agent", new BigDecimal("0.090000"), "USD")),
                new BigDecimal("0.050000"), "USD");
        assertEquals(new BigDecimal("0.040000"), margins.get(0).amount());
        assertNull(margins.get(1).amount());
    }
}
