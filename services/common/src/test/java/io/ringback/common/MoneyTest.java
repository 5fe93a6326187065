package io.ringback.common;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Golden cases of the wire rule: what is read, what is refused and why, what is written. */
class MoneyTest {

    @ParameterizedTest
    @CsvSource({
            "0,                    0.000000",
            "5,                    5.000000",
            "-5,                   -5.000000",
            "12.5,                 12.500000",
            "0.000001,             0.000001",
            "-0.000001,            -0.000001",
            "007.10,               7.100000",
            "12.500000,            12.500000",
            "999999999999.999999,  999999999999.999999",
            "-999999999999.999999, -999999999999.999999",
    })
    void readsPlainDecimals(String wire, String expected) {
        BigDecimal value = Money.parse("amount", wire);
        assertEquals(new BigDecimal(expected), value);
        assertEquals(Money.SCALE, value.scale());
        assertEquals(expected, Money.format(value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e3", "1E+2", "1E+3", "+5", " 5 ", " 5", "5 ", "5.", ".5", "-", "", "1,5", "0x10",
            "NaN", "Infinity", "5-", "--5", "1 000", "١٢", "12.5.1"})
    void refusesWhatIsNotAPlainDecimal(String wire) {
        Failure failure = assertThrows(Failure.class, () -> Money.parse("creditLimit", wire));
        assertEquals(Failure.Kind.INVALID, failure.kind());
        assertEquals("invalid-amount", failure.slug());
        assertEquals(List.of("creditLimit"), failure.errors().stream().map(FieldError::field).toList());
        assertTrue(failure.getMessage().startsWith("creditLimit "), failure.getMessage());
    }

    @Test
    void refusesAMissingAmount() {
        Failure failure = assertThrows(Failure.class, () -> Money.parse("amount", null));
        assertEquals("invalid-amount", failure.slug());
        assertTrue(failure.getMessage().contains("missing"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0000001", "1.1234567", "-0.0000000", "10.0000000"})
    void refusesMoreThanSixDecimalsEvenWhenTheyAreZero(String wire) {
        Failure failure = assertThrows(Failure.class, () -> Money.parse("amount", wire));
        assertTrue(failure.getMessage().contains("more than 6 decimals"), failure.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1000000000000", "-1000000000000", "1000000000000.000001", "99999999999999999999"})
    void refusesWhatTheColumnCannotHold(String wire) {
        Failure failure = assertThrows(Failure.class, () -> Money.parse("price", wire));
        assertTrue(failure.getMessage().contains("too large"), failure.getMessage());
    }

    @Test
    void refusesAbsurdlyLongDigitStringsWithoutParsingThem() {
        String huge = "9".repeat(100_000);
        Failure failure = assertThrows(Failure.class, () -> Money.parse("amount", huge));
        assertEquals("invalid-amount", failure.slug());
    }

    @Test
    void positiveAndNonNegativeBounds() {
        assertEquals(new BigDecimal("0.000001"), Money.parsePositive("amount", "0.000001"));
        assertThrows(Failure.class, () -> Money.parsePositive("amount", "0"));
        assertThrows(Failure.class, () -> Money.parsePositive("amount", "-1"));
        assertEquals(Money.ZERO, Money.parseNonNegative("amount", "0"));
        assertEquals(Money.ZERO, Money.parseNonNegative("amount", "-0"));
        assertThrows(Failure.class, () -> Money.parseNonNegative("amount", "-0.000001"));
    }

    @ParameterizedTest
    @CsvSource({
            "0.0000005,  0.000001",
            "0.0000004,  0.000000",
            "-0.0000005, -0.000001",
            "1.2345675,  1.234568",
            "2.5,        2.500000",
    })
    void roundsHalfUpOnlyWhenAsked(String computed, String expected) {
        assertEquals(expected, Money.format(Money.round(new BigDecimal(computed))));
    }

    @Test
    void formatNeverRoundsSilently() {
        assertThrows(ArithmeticException.class, () -> Money.format(new BigDecimal("0.0000001")));
        assertEquals("1000.000000", Money.format(new BigDecimal("1E+3")));
    }

    @Test
    void computedAmountsAreCheckedAgainstTheColumn() {
        assertTrue(Money.fits(new BigDecimal("999999999999.999999")));
        assertFalse(Money.fits(new BigDecimal("1000000000000")));
        Failure failure = assertThrows(Failure.class,
                () -> Money.requireFits("balance", new BigDecimal("-1000000000000.5")));
        assertEquals("invalid-amount", failure.slug());
    }
}
