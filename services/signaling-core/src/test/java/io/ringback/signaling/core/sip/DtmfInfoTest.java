package io.ringback.signaling.core.sip;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DtmfInfoTest {

    @Test
    void dtmfRelayWithSignalAndDuration() {
        assertEquals(new DtmfInfo('5', 160), DtmfInfo.parse("application/dtmf-relay", "Signal=5\r\nDuration=160\r\n"));
        assertEquals(new DtmfInfo('#', 250), DtmfInfo.parse("Application/DTMF-Relay; charset=utf-8", "signal = #\nDuration= 250"));
        assertEquals(new DtmfInfo('*', 0), DtmfInfo.parse("application/dtmf-relay", "Signal=10"));
        assertEquals(new DtmfInfo('#', 100), DtmfInfo.parse("application/dtmf-relay", "Signal=11\r\nDuration=100"));
        assertEquals(new DtmfInfo('D', 0), DtmfInfo.parse("application/dtmf-relay", "Signal=d\r\nVolume=10"));
    }

    @Test
    void applicationDtmfIsTheKeyAlone() {
        assertEquals(new DtmfInfo('7', 0), DtmfInfo.parse("application/dtmf", "7\r\n"));
        assertEquals(new DtmfInfo('*', 0), DtmfInfo.parse("application/dtmf", "*"));
        assertEquals(new DtmfInfo('#', 0), DtmfInfo.parse("application/dtmf", "11"));
    }

    @Test
    void garbageIsRefusedNamingWhatIsWrong() {
        assertRefused("application/dtmf-relay", "Duration=160", "without Signal");
        assertRefused("application/dtmf-relay", "Signal=X", "'X' is not a DTMF key");
        assertRefused("application/dtmf-relay", "Signal=55", "'55' is not a DTMF key");
        assertRefused("application/dtmf-relay", "Signal=", "'' is not a DTMF key");
        assertRefused("application/dtmf-relay", "Signal=1\r\nSignal=2", "two Signal lines");
        assertRefused("application/dtmf-relay", "Signal=1\r\nDuration=-5", "Duration '-5'");
        assertRefused("application/dtmf-relay", "Signal=1\r\nDuration=9999999", "Duration '9999999'");
        assertRefused("application/dtmf-relay", "Signal=1\r\nDuration=70000", "0 to 60000 ms");
        assertRefused("application/dtmf-relay", "hello", "'hello' is not name=value");
        assertRefused("application/dtmf", "", "'' is not a DTMF key");
        assertRefused("application/dtmf", "12 3", "'12 3' is not a DTMF key");
        assertRefused("text/plain", "5", "'text/plain' is not a DTMF body");
        assertRefused(null, "5", "'null' is not a DTMF body");
    }

    private static void assertRefused(String contentType, String body, String reason) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> DtmfInfo.parse(contentType, body));
        assertTrue(refused.getMessage().contains(reason), refused.getMessage());
    }
}
