package io.ringback.signaling.core.callerid;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CallerIdTest {

    /** Spain: trunk prefix none today, 9-digit national numbers; international prefix 00. */
    private static final CallerIdNormalization SPAIN = new CallerIdNormalization("34", "", "00", 9);
    /** United Kingdom: trunk prefix 0. */
    private static final CallerIdNormalization UK = new CallerIdNormalization("44", "0", "00", 0);

    @Test
    void internationalCallerIdsKeepTheirDigitsWithPlusOrInternationalPrefix() {
        assertEquals(Optional.of("525512345678"), UK.normalize("+52 55 1234-5678"));
        assertEquals(Optional.of("525512345678"), UK.normalize("00525512345678"));
        assertEquals(Optional.of("525512345678"), UK.normalize("525512345678"));
    }

    @Test
    void nationalCallerIdsGetTheCountryCodeInPlaceOfTheTrunkPrefixOrByTheirLength() {
        assertEquals(Optional.of("442079460000"), UK.normalize("02079460000"));
        assertEquals(Optional.of("442079460000"), UK.normalize("(020) 7946 0000"));
        assertEquals(Optional.of("34911234567"), SPAIN.normalize("911234567"));
        assertEquals(Optional.of("34911234567"), SPAIN.normalize("+34911234567"));
    }

    @Test
    void numbersOutsideE164LengthOrStartingWithZeroAreNoCallerId() {
        assertEquals(Optional.empty(), UK.normalize("123456"));
        assertEquals(Optional.empty(), UK.normalize("+1234567890123456"));
        assertEquals(Optional.empty(), CallerIdNormalization.international().normalize("0525512345678"));
        assertEquals(Optional.empty(), UK.normalize("+0525512345678"));
        assertEquals(Optional.empty(), UK.normalize("12ab345678"));
        assertEquals(Optional.empty(), UK.normalize(""));
    }

    @Test
    void assertedIdentityWinsWhenTrustedAndFromIsUsedOtherwise() {
        assertEquals(Optional.of("442079460001"),
                CallerId.of(List.of("+442079460001"), "02079460002", true, UK));
        assertEquals(Optional.of("442079460002"),
                CallerId.of(List.of("+442079460001"), "02079460002", false, UK));
        // A tel: value after an unusable sip: value (RFC 3325 allows one of each).
        assertEquals(Optional.of("442079460003"),
                CallerId.of(List.of("anonymous", "+44-20-7946-0003"), "02079460002", true, UK));
        assertEquals(Optional.of("442079460002"), CallerId.of(List.of(), "02079460002;phone-context=+44", true, UK));
    }

    @Test
    void anonymousWithheldAndMissingCallerIdsGiveNone() {
        for (String withheld : List.of("anonymous", "Anonymous", "unknown", "restricted", "private", "withheld")) {
            assertEquals(Optional.empty(), CallerId.of(List.of(), withheld, true, UK), withheld);
        }
        assertEquals(Optional.empty(), CallerId.of(List.of(), null, true, UK));
        assertEquals(Optional.empty(), CallerId.of(List.of("anonymous"), "anonymous", true, UK));
    }

    @Test
    void aRuleThatCannotBeAppliedIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new CallerIdNormalization("", "0", "00", 0));
        assertThrows(IllegalArgumentException.class, () -> new CallerIdNormalization("052", "0", "00", 0));
        assertThrows(IllegalArgumentException.class, () -> new CallerIdNormalization("52", "x", "00", 0));
        assertThrows(IllegalArgumentException.class, () -> new CallerIdNormalization("52", "", "00", 16));
    }
}
