package io.ringback.accounts.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * The online guard of a PIN (a phone's or a card's): wrong PINs in a row are counted, and after
 * {@code maxAttempts} of them the PIN is locked for {@code lockDuration}, right PIN or not.
 */
public record PinAttempts(int maxAttempts, Duration lockDuration) {

    public enum Result { RIGHT, WRONG, LOCKED }

    /**
     * One attempt: {@code failures} and {@code lockedUntil} are what to store afterwards
     * ({@code write} false when nothing changes, a locked PIN is not even compared).
     */
    public record Outcome(Result result, int failures, Instant lockedUntil, int attemptsLeft, boolean write) {
    }

    public Outcome attempt(String pin, String storedHash, int failures, Instant lockedUntil, Instant now) {
        if (lockedUntil != null && lockedUntil.isAfter(now)) {
            return new Outcome(Result.LOCKED, failures, lockedUntil, 0, false);
        }
        if (PinHasher.matches(pin == null ? "" : pin, storedHash)) {
            return new Outcome(Result.RIGHT, 0, null, maxAttempts, true);
        }
        int wrong = failures + 1;
        if (wrong >= maxAttempts) {
            return new Outcome(Result.LOCKED, 0, now.plus(lockDuration), 0, true);
        }
        return new Outcome(Result.WRONG, wrong, null, maxAttempts - wrong, true);
    }
}
