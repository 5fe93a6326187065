package io.ringback.media.ivr;

import io.ringback.media.dtmf.DtmfDigit;
import io.ringback.media.dtmf.DtmfMethod;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The play-and-collect state machine, driven by events and by the time the caller passes in, so a
 * test steps it with a clock and production with a scheduler.
 *
 * <pre>
 *  PLAYING --digit, barge-in--> COLLECTING (prompts stopped, digit counted)
 *  PLAYING --prompts end------> COLLECTING (first-digit timer starts)
 *  COLLECTING --digit---------> COLLECTING (inter-digit timer restarts) | DONE (max digits, terminator)
 *  COLLECTING --deadline------> DONE (first-digit or inter-digit timeout)
 *  any --stop-----------------> DONE (stopped)
 * </pre>
 *
 * Not thread-safe: the endpoint serialises calls.
 */
public final class PlayAndCollect {

    /** What the caller must do after an event. */
    public enum Action {
        /** Nothing changes for the prompts. */
        NONE,
        /** Stop the prompts (barge-in); collection continues. */
        STOP_PROMPTS
    }

    private enum State { PLAYING, COLLECTING, DONE }

    private final CollectSpec spec;
    private final StringBuilder digits = new StringBuilder();
    private State state = State.PLAYING;
    private Instant deadline;
    private boolean firstDigitPending = true;
    private DtmfMethod method;
    private CollectResult result;

    /**
     * @param buffered digits entered before the request and kept (clear_digit_buffer false); they
     *                 count as if pressed now, and then collection has started: the caller skips
     *                 the prompts ({@link #isPlaying()} is false)
     */
    public PlayAndCollect(CollectSpec spec, List<DtmfDigit> buffered, Instant now) {
        this.spec = spec;
        for (DtmfDigit digit : buffered) {
            if (state != State.DONE) {
                state = State.COLLECTING;
                onDigit(digit, now);
            }
        }
    }

    /** The prompts finished playing (or there were none): the first-digit timer starts. */
    public void onPromptsFinished(Instant now) {
        if (state == State.PLAYING) {
            state = State.COLLECTING;
            deadline = now.plus(spec.firstDigitTimeout());
        }
    }

    /** A digit arrived. */
    public Action onDigit(DtmfDigit digit, Instant now) {
        if (state == State.DONE) {
            return Action.NONE;
        }
        Action action = Action.NONE;
        if (state == State.PLAYING) {
            if (!spec.bargeIn()) {
                return Action.NONE;
            }
            state = State.COLLECTING;
            action = Action.STOP_PROMPTS;
        }
        if (method == null) {
            method = digit.method();
        }
        firstDigitPending = false;
        if (spec.terminator() != 0 && digit.digit() == spec.terminator()) {
            finish(CollectResult.EndReason.TERMINATOR);
            return action;
        }
        digits.append(digit.digit());
        if (spec.maxDigits() > 0 && digits.length() >= spec.maxDigits()) {
            finish(CollectResult.EndReason.MAX_DIGITS);
            return action;
        }
        deadline = now.plus(spec.interDigitTimeout());
        return action;
    }

    /** Time passed: ends the collection when its deadline is reached. */
    public void onTick(Instant now) {
        if (state == State.COLLECTING && deadline != null && !now.isBefore(deadline)) {
            finish(firstDigitPending ? CollectResult.EndReason.FIRST_DIGIT_TIMEOUT
                    : CollectResult.EndReason.INTER_DIGIT_TIMEOUT);
        }
    }

    /** Stop, destroy or close. */
    public void stop() {
        if (state != State.DONE) {
            finish(CollectResult.EndReason.STOPPED);
        }
    }

    /** When the caller should call {@link #onTick} next; empty while prompts play or when done. */
    public Optional<Instant> deadline() {
        return state == State.COLLECTING ? Optional.ofNullable(deadline) : Optional.empty();
    }

    public boolean isPlaying() {
        return state == State.PLAYING;
    }

    /** The result, once done. */
    public Optional<CollectResult> result() {
        return Optional.ofNullable(result);
    }

    private void finish(CollectResult.EndReason reason) {
        state = State.DONE;
        deadline = null;
        result = new CollectResult(digits.toString(), reason, method);
    }
}
