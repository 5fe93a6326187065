package io.ringback.signaling.core.sip;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static io.ringback.signaling.core.sip.SessionTimer.Due.EXPIRED;
import static io.ringback.signaling.core.sip.SessionTimer.Due.NOTHING;
import static io.ringback.signaling.core.sip.SessionTimer.Due.REFRESH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SessionTimerTest {

    private static final Instant T = Instant.parse("2026-12-03T12:00:00Z");

    @Test
    void weAskWithOurIntervalAndMinSe() {
        SessionTimer timer = new SessionTimer(Duration.ofSeconds(1800));
        assertEquals("1800;refresher=uac", timer.requestHeader());
        assertEquals("90", timer.minSeHeader());
        assertThrows(IllegalArgumentException.class, () -> new SessionTimer(Duration.ofSeconds(60)));
    }

    @Test
    void as422RaisesTheIntervalOnlyWhenItHelps() {
        SessionTimer timer = new SessionTimer(Duration.ofSeconds(90));
        assertTrue(timer.raiseTo("1800"));
        assertEquals("1800;refresher=uac", timer.requestHeader());
        assertFalse(timer.raiseTo("1800"), "the same Min-SE again would loop");
        assertFalse(timer.raiseTo("600"));
        assertFalse(timer.raiseTo("x"));
        assertFalse(timer.raiseTo(null));
    }

    @Test
    void asRefresherWeRefreshAtHalfTheIntervalAndExpireAfterAWholeOneWithoutAnswer() {
        SessionTimer timer = new SessionTimer(Duration.ofSeconds(1800));
        timer.answered("1800;refresher=uac", T);
        assertTrue(timer.running());
        assertTrue(timer.weRefresh());
        assertEquals(NOTHING, timer.due(T.plusSeconds(899)));
        assertEquals(REFRESH, timer.due(T.plusSeconds(900)));
        timer.refreshed(T.plusSeconds(900));
        assertEquals(NOTHING, timer.due(T.plusSeconds(1799)));
        assertEquals(REFRESH, timer.due(T.plusSeconds(1800)));
        assertEquals(EXPIRED, timer.due(T.plusSeconds(2700)), "no refresh answered for a whole interval");
    }

    @Test
    void whenTheFarEndRefreshesTheSessionDiesAtTheIntervalLessAThirdAtMost32Seconds() {
        SessionTimer timer = new SessionTimer(Duration.ofSeconds(1800));
        timer.answered(" 1800 ; refresher = UAS", T);
        assertFalse(timer.weRefresh());
        assertEquals(NOTHING, timer.due(T.plusSeconds(1767)));
        assertEquals(EXPIRED, timer.due(T.plusSeconds(1768)));
        timer.refreshed(T.plusSeconds(1000));
        assertEquals(NOTHING, timer.due(T.plusSeconds(2767)));
        assertEquals(EXPIRED, timer.due(T.plusSeconds(2768)));

        SessionTimer short90 = new SessionTimer(Duration.ofSeconds(90));
        short90.answered("90;refresher=uas", T);
        assertEquals(NOTHING, short90.due(T.plusSeconds(59)));
        assertEquals(EXPIRED, short90.due(T.plusSeconds(60)), "90 s less a third");
    }

    @Test
    void anAnswerWithoutSessionExpiresHasNoTimerAndOneWithoutRefresherLeavesItToUs() {
        SessionTimer none = new SessionTimer(Duration.ofSeconds(1800));
        none.answered(null, T);
        assertFalse(none.running());
        assertEquals(NOTHING, none.due(T.plusSeconds(100_000)));

        SessionTimer ours = new SessionTimer(Duration.ofSeconds(1800));
        ours.answered("600", T);
        assertTrue(ours.weRefresh());
        assertEquals(Duration.ofSeconds(600), ours.interval());
        assertEquals(REFRESH, ours.due(T.plusSeconds(300)));
    }

    @Test
    void aSessionExpiresWeCannotUseIsRefused() {
        SessionTimer timer = new SessionTimer(Duration.ofSeconds(1800));
        assertThrows(IllegalArgumentException.class, () -> timer.answered("soon", T));
        assertThrows(IllegalArgumentException.class, () -> timer.answered("30;refresher=uac", T));
        assertThrows(IllegalArgumentException.class, () -> timer.answered("1800;refresher=proxy", T));
    }
}
