package io.ringback.rating.domain;

import io.ringback.common.Failure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Golden cases of domain rules §3: every amount is exact. */
class PricingTest {

    private static RateRow rate(String price, String fee, int first, int next) {
        return RateRow.of("52", "Mexico", price, fee, first, next);
    }

    private static RateRow withMinimum(String price, String minimum, int first, int next) {
        return new RateRow("52", "Mexico", new BigDecimal(price), BigDecimal.ZERO, first, next, null, null,
                new BigDecimal(minimum));
    }

    @ParameterizedTest(name = "{0} ms at {1}/{2} -> {3} s")
    @CsvSource({
            "0, 60, 60, 0",
            "1, 60, 60, 60",
            "60000, 60, 60, 60",
            "61000, 60, 60, 120",
            "59001, 60, 60, 60",
            "60001, 60, 60, 120",
            "3600000, 60, 60, 3600",
            "31000, 30, 6, 36",
            "5000, 30, 6, 30",
            "30000, 30, 6, 30",
            "30001, 30, 6, 36",
            "36000, 30, 6, 36",
            "59001, 30, 6, 60",
            "59001, 1, 1, 60",
            "1, 1, 1, 1",
            "999, 1, 1, 1",
            "1000, 1, 1, 1",
            "1001, 1, 1, 2",
            "3600000, 1, 1, 3600",
            "3600000, 30, 6, 3600",
            "3600001, 30, 6, 3606"
    })
    void billableSecondsRoundMillisecondsUpThenApplyTheIncrements(long durationMs, int first, int next, long billable) {
        assertEquals(billable, Pricing.billableSeconds(durationMs, first, next));
    }

    @ParameterizedTest(name = "{0} ms at {1}/min {3}/{4} fee {2} -> {5}")
    @CsvSource({
            // 60/60
            "60000, 0.15, 0, 60, 60, 0.150000",
            "61000, 0.15, 0, 60, 60, 0.300000",
            "1, 0.15, 0, 60, 60, 0.150000",
            "59001, 0.15, 0, 60, 60, 0.150000",
            // 30/6: 31 s -> 36 s, 5 s -> 30 s
            "31000, 0.12, 0, 30, 6, 0.072000",
            "5000, 0.12, 0, 30, 6, 0.060000",
            "59001, 0.12, 0, 30, 6, 0.120000",
            // 1/1: 61 s x 0.07 / 60 = 0.0711666.. -> half-up
            "61000, 0.07, 0, 1, 1, 0.071167",
            "59001, 0.10, 0, 1, 1, 0.100000",
            "7000, 0.10, 0, 1, 1, 0.011667",
            // connect fee once, on top of the time
            "30000, 0.10, 0.05, 60, 60, 0.150000",
            "125000, 0.10, 0.05, 60, 60, 0.350000",
            "1000, 0.20, 0.025, 1, 1, 0.028333",
            // long calls: one hour
            "3600000, 0.123456, 0, 60, 60, 7.407360",
            "3600000, 0.123456, 0.5, 1, 1, 7.907360",
            "3599001, 0.15, 0, 30, 6, 9.000000",
            // prices with 6 decimals, half-up in the 7th
            "1000, 0.000030, 0, 1, 1, 0.000001",
            "1000, 0.000029, 0, 1, 1, 0.000000",
            "7000, 0.012345, 0, 1, 1, 0.001440",
            "61000, 0.987654, 0.000001, 60, 60, 1.975309",
            "13000, 1.111111, 0, 1, 1, 0.240741"
    })
    void chargeIsConnectFeePlusPricePerMinuteTimesBillableOverSixtyHalfUpToSixPlaces(
            long durationMs, String price, String fee, int first, int next, String expected) {
        LegPrice price1 = Pricing.price(rate(price, fee, first, next), durationMs);
        assertEquals(new BigDecimal(expected), price1.charge());
        assertEquals(6, price1.charge().scale());
    }

    @Test
    void aZeroSecondLegCostsNothingNotEvenItsConnectFeeOrMinimum() {
        assertEquals(LegPrice.NOTHING, Pricing.price(rate("0.15", "0.50", 60, 60), 0));
        assertEquals(new LegPrice(0, new BigDecimal("0.000000")), Pricing.price(withMinimum("0.15", "0.25", 60, 60), 0));
    }

    @Test
    void minimumChargeAppliesOnlyWhenTheTimeCostsLess() {
        assertEquals(new LegPrice(60, new BigDecimal("0.250000")), Pricing.price(withMinimum("0.10", "0.25", 60, 60), 30_000));
        assertEquals(new LegPrice(180, new BigDecimal("0.300000")), Pricing.price(withMinimum("0.10", "0.25", 60, 60), 150_000));
        assertEquals(new LegPrice(150, new BigDecimal("0.250000")), Pricing.price(withMinimum("0.10", "0.25", 1, 1), 150_000));
    }

    @Test
    void aNegativeDurationIsRefused() {
        assertThrows(Failure.class, () -> Pricing.billableSeconds(-1, 60, 60));
    }

    @Test
    void rowsRefuseZeroIncrementsNegativePricesAndMoreThanSixDecimals() {
        assertThrows(IllegalArgumentException.class, () -> rate("0.1", "0", 0, 60));
        assertThrows(IllegalArgumentException.class, () -> rate("0.1", "0", 60, -6));
        assertThrows(IllegalArgumentException.class, () -> rate("-0.1", "0", 60, 60));
        assertThrows(IllegalArgumentException.class, () -> rate("0.1234567", "0", 60, 60));
        assertEquals(new BigDecimal("0.123456"), rate("0.1234560", "0", 60, 60).pricePerMinute());
    }
}
