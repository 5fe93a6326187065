package io.ringback.signaling.core.sip;

import org.junit.jupiter.api.Test;

import static io.ringback.signaling.core.sip.TrunkNumbering.Format.E164;
import static io.ringback.signaling.core.sip.TrunkNumbering.Format.E164_PLUS;
import static io.ringback.signaling.core.sip.TrunkNumbering.Format.NATIONAL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrunkNumberingTest {

    @Test
    void theFormatThenTheStripThenTheAddPrefix() {
        assertEquals("525512345678", TrunkNumbering.plain().requestUser("525512345678"));
        assertEquals("+525512345678", new TrunkNumbering("", "", E164_PLUS).requestUser("525512345678"));
        assertEquals("5512345678", new TrunkNumbering("", "", NATIONAL).requestUser("525512345678"));
        assertEquals("778812345678", new TrunkNumbering("55", "7788", NATIONAL).requestUser("525512345678"));
        assertEquals("7788525512345678", new TrunkNumbering("", "7788", E164).requestUser("525512345678"));
        assertEquals("+1525512345678", new TrunkNumbering("", "1", E164_PLUS).requestUser("525512345678"));
    }

    @Test
    void theStripPrefixIsRemovedOnlyWhenTheNumberStartsWithIt() {
        assertEquals("525512345678", new TrunkNumbering("00", "", E164).requestUser("525512345678"));
        assertEquals("5512345678", new TrunkNumbering("52", "", E164).requestUser("525512345678"));
        // NATIONAL strips from the national digits: 5512345678 does not start with 52.
        assertEquals("5512345678", new TrunkNumbering("52", "", NATIONAL).requestUser("525512345678"));
    }

    @Test
    void nationalDropsACountryCodeOfOneTwoOrThreeDigits() {
        assertEquals("2025550123", new TrunkNumbering("", "", NATIONAL).requestUser("12025550123"));
        assertEquals("4951234567", new TrunkNumbering("", "", NATIONAL).requestUser("74951234567"));
        assertEquals("2079460000", new TrunkNumbering("", "", NATIONAL).requestUser("442079460000"));
        assertEquals("211234567", new TrunkNumbering("", "", NATIONAL).requestUser("351211234567"));
        assertEquals("5512345678", new TrunkNumbering("", "", NATIONAL).requestUser("5025512345678"));
    }

    @Test
    void aNumberThatIsNotE164OrPrefixesThatAreNotDigitsAreRefused() {
        TrunkNumbering plain = TrunkNumbering.plain();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> plain.requestUser("0525512345678"))
                .getMessage().contains("not an E.164 number"));
        assertThrows(IllegalArgumentException.class, () -> plain.requestUser("+525512345678"));
        assertThrows(IllegalArgumentException.class, () -> plain.requestUser("123456"));
        assertThrows(IllegalArgumentException.class, () -> plain.requestUser(null));
        assertThrows(IllegalArgumentException.class, () -> new TrunkNumbering("x", "", E164));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new TrunkNumbering("5512345678", "", NATIONAL).requestUser("525512345678")).getMessage()
                .contains("nothing is left"));
    }
}
