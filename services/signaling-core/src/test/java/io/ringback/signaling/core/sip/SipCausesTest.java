package io.ringback.signaling.core.sip;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SipCausesTest {

    @Test
    void rfc3398Table() {
        int[][] table = {
                {400, 41}, {401, 21}, {402, 21}, {403, 21}, {404, 1}, {405, 63}, {406, 79}, {407, 21}, {408, 102},
                {410, 22}, {413, 127}, {414, 127}, {415, 79}, {416, 127}, {420, 127}, {421, 127}, {423, 127},
                {480, 18}, {481, 41}, {482, 25}, {483, 25}, {484, 28}, {485, 1}, {486, 17}, {488, 127},
                {500, 41}, {501, 79}, {502, 38}, {503, 41}, {504, 102}, {505, 127}, {513, 127},
                {600, 17}, {603, 21}, {604, 1}, {606, 58}};
        for (int[] row : table) {
            assertEquals(row[1], SipCauses.q850(row[0]), "SIP " + row[0]);
        }
        assertEquals(16, SipCauses.q850(200));
        assertEquals(127, SipCauses.q850(487));
        assertEquals(127, SipCauses.q850(599));
    }

    @Test
    void provisionalOrImpossibleCodesHaveNoCause() {
        assertThrows(IllegalArgumentException.class, () -> SipCauses.q850(180));
        assertThrows(IllegalArgumentException.class, () -> SipCauses.q850(700));
    }

    @Test
    void routeFailuresFailOverCalleeAnswersDoNot() {
        for (int code : new int[]{408, 500, 502, 503, 504, 580}) {
            assertTrue(SipCauses.failsOver(code), "SIP " + code);
        }
        for (int code : new int[]{200, 404, 480, 486, 487, 488, 403, 600, 603, 604}) {
            assertFalse(SipCauses.failsOver(code), "SIP " + code);
        }
    }
}
