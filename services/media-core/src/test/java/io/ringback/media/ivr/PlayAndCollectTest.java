package io.ringback.media.ivr;

import io.ringback.media.dtmf.DtmfDigit;
import io.ringback.media.dtmf.DtmfMethod;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The collector stepped by hand: every instant is explicit. */
class PlayAndCollectTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final CollectSpec DESTINATION = new CollectSpec(true, 12, '#', Duration.ofSeconds(10),
            Duration.ofSeconds(5));

    private static DtmfDigit rtp(char c) {
        return new DtmfDigit(c, DtmfMethod.RFC4733, 100);
    }

    private static Instant at(long ms) {
        return T0.plusMillis(ms);
    }

    @Test
    void terminatorEndsCollectionAndIsNotReturned() {
        PlayAndCollect collect = new PlayAndCollect(DESTINATION, List.of(), T0);
        collect.onPromptsFinished(at(3000));
        collect.onDigit(rtp('3'), at(4000));
        collect.onDigit(rtp('4'), at(4500));
        collect.onDigit(rtp('#'), at(5000));
        assertEquals(Optional.of(new CollectResult("34", CollectResult.EndReason.TERMINATOR, DtmfMethod.RFC4733)),
                collect.result());
        collect.onDigit(rtp('9'), at(5100));
        assertEquals("34", collect.result().orElseThrow().digits());
    }

    @Test
    void bargeInStopsThePromptsAndCountsTheDigit() {
        PlayAndCollect collect = new PlayAndCollect(DESTINATION, List.of(), T0);
        assertTrue(collect.isPlaying());
        assertEquals(Optional.empty(), collect.deadline());
        assertEquals(PlayAndCollect.Action.STOP_PROMPTS, collect.onDigit(rtp('5'), at(1000)));
        assertFalse(collect.isPlaying());
        assertEquals(Optional.of(at(6000)), collect.deadline());
        collect.onPromptsFinished(at(1020)); // the stopped playback reports its end: no new timer
        assertEquals(Optional.of(at(6000)), collect.deadline());
        assertEquals(PlayAndCollect.Action.NONE, collect.onDigit(rtp('6'), at(2000)));
        collect.onTick(at(6999));
        assertTrue(collect.result().isEmpty());
        collect.onTick(at(7000));
        assertEquals(new CollectResult("56", CollectResult.EndReason.INTER_DIGIT_TIMEOUT, DtmfMethod.RFC4733),
                collect.result().orElseThrow());
    }

    @Test
    void withoutBargeInDigitsDuringPromptsAreIgnored() {
        CollectSpec spec = new CollectSpec(false, 4, (char) 0, Duration.ofSeconds(10), Duration.ofSeconds(5));
        PlayAndCollect collect = new PlayAndCollect(spec, List.of(), T0);
        assertEquals(PlayAndCollect.Action.NONE, collect.onDigit(rtp('1'), at(500)));
        assertTrue(collect.isPlaying());
        collect.onPromptsFinished(at(2000));
        for (char c : "1234".toCharArray()) {
            collect.onDigit(rtp(c), at(3000));
        }
        assertEquals(new CollectResult("1234", CollectResult.EndReason.MAX_DIGITS, DtmfMethod.RFC4733),
                collect.result().orElseThrow());
    }

    @Test
    void firstDigitTimeoutRunsFromTheEndOfThePrompts() {
        PlayAndCollect collect = new PlayAndCollect(DESTINATION, List.of(), T0);
        collect.onTick(at(60_000)); // prompts still playing: no timeout
        assertTrue(collect.result().isEmpty());
        collect.onPromptsFinished(at(60_000));
        assertEquals(Optional.of(at(70_000)), collect.deadline());
        collect.onTick(at(69_999));
        assertTrue(collect.result().isEmpty());
        collect.onTick(at(70_000));
        assertEquals(new CollectResult("", CollectResult.EndReason.FIRST_DIGIT_TIMEOUT, null),
                collect.result().orElseThrow());
        assertEquals(Optional.empty(), collect.deadline());
    }

    @Test
    void interDigitTimerRestartsOnEachDigit() {
        PlayAndCollect collect = new PlayAndCollect(DESTINATION, List.of(), T0);
        collect.onPromptsFinished(T0);
        collect.onDigit(rtp('1'), at(9000));
        collect.onDigit(rtp('2'), at(13_000));
        collect.onTick(at(17_999));
        assertTrue(collect.result().isEmpty());
        collect.onTick(at(18_000));
        assertEquals(CollectResult.EndReason.INTER_DIGIT_TIMEOUT, collect.result().orElseThrow().endReason());
        assertEquals("12", collect.result().orElseThrow().digits());
    }

    @Test
    void bufferedDigitsCountAndSkipThePrompts() {
        CollectSpec pin = new CollectSpec(true, 4, '#', Duration.ofSeconds(10), Duration.ofSeconds(5));
        PlayAndCollect collect = new PlayAndCollect(pin, List.of(rtp('9'), rtp('8')), T0);
        assertFalse(collect.isPlaying());
        assertEquals(Optional.of(at(5000)), collect.deadline());
        collect.onDigit(rtp('7'), at(100));
        collect.onDigit(rtp('6'), at(200));
        assertEquals(new CollectResult("9876", CollectResult.EndReason.MAX_DIGITS, DtmfMethod.RFC4733),
                collect.result().orElseThrow());
        PlayAndCollect complete = new PlayAndCollect(pin, List.of(rtp('1'), rtp('#')), T0);
        assertEquals(new CollectResult("1", CollectResult.EndReason.TERMINATOR, DtmfMethod.RFC4733),
                complete.result().orElseThrow());
    }

    @Test
    void stopEndsWithWhatWasEnteredSoFar() {
        PlayAndCollect collect = new PlayAndCollect(DESTINATION, List.of(), T0);
        collect.onDigit(new DtmfDigit('4', DtmfMethod.INBAND, 0), at(10));
        collect.stop();
        assertEquals(new CollectResult("4", CollectResult.EndReason.STOPPED, DtmfMethod.INBAND),
                collect.result().orElseThrow());
        collect.onTick(at(999_999));
        assertEquals(CollectResult.EndReason.STOPPED, collect.result().orElseThrow().endReason());
    }
}
