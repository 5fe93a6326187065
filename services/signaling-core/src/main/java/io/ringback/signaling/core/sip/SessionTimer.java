package io.ringback.signaling.core.sip;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * The RFC 4028 session timer of one dialog we originated: what we ask for, what the answer
 * settled, and when to refresh or give the session up. Plain Java, driven by the instants it is
 * given (the adapter passes its injected clock's), so tests step it by hand.
 *
 * <p>We send {@code Supported: timer}, {@code Session-Expires: <interval>} and {@code Min-SE};
 * a 422 raises our interval to its {@code Min-SE} ({@link #raiseTo}). The 2xx settles the interval
 * and the refresher ({@link #answered}): absent from the 2xx, there is no session timer. When we
 * refresh (refresher {@code uac}), a refresh is due at half the interval after the last one
 * (§10); when the far end does, the session is dead when no refresh came by the interval minus
 * a third of it, at most 32 seconds (§10), and the dialog is ended as a dead leg.
 */
public final class SessionTimer {

    /** RFC 4028 §4: no interval below 90 seconds. */
    public static final Duration MIN_SE = Duration.ofSeconds(90);

    /** What is due now. */
    public enum Due { NOTHING, REFRESH, EXPIRED }

    private Duration interval;
    private boolean weRefresh;
    private boolean running;
    private Instant lastRefresh;

    /** A timer asking for {@code interval} (at least 90 s). */
    public SessionTimer(Duration interval) {
        if (interval.compareTo(MIN_SE) < 0) {
            throw new IllegalArgumentException("a session interval is at least " + MIN_SE.toSeconds() + " s, got "
                    + interval.toSeconds() + " s");
        }
        this.interval = interval;
    }

    /** The value of our {@code Session-Expires} header. */
    public String requestHeader() {
        return interval.toSeconds() + ";refresher=uac";
    }

    /** The value of our {@code Min-SE} header. */
    public String minSeHeader() {
        return String.valueOf(MIN_SE.toSeconds());
    }

    /**
     * A 422 (Session Interval Too Small) with this {@code Min-SE}: our interval becomes it; false
     * when the 422 gives no larger usable value, so asking again would loop (the leg fails with 422).
     */
    public boolean raiseTo(String minSe) {
        Optional<Long> seconds = seconds(minSe);
        if (seconds.isEmpty() || seconds.get() <= interval.toSeconds()) {
            return false;
        }
        interval = Duration.ofSeconds(seconds.get());
        return true;
    }

    /**
     * The 2xx's {@code Session-Expires} (null when absent: no session timer) settles the interval
     * and who refreshes; the session counts as refreshed at {@code now}.
     *
     * @throws IllegalArgumentException when the header is not {@code delta-seconds[;refresher=uac|uas]}
     *                                  or its interval is below 90 s
     */
    public void answered(String sessionExpires, Instant now) {
        if (sessionExpires == null) {
            running = false;
            return;
        }
        String[] parts = sessionExpires.split(";");
        long seconds = seconds(parts[0]).orElseThrow(() ->
                new IllegalArgumentException("Session-Expires '" + sessionExpires + "' is not delta-seconds"));
        if (seconds < MIN_SE.toSeconds()) {
            throw new IllegalArgumentException("Session-Expires " + seconds + " s is below " + MIN_SE.toSeconds() + " s");
        }
        String refresher = "uac"; // §7.2: a 2xx that names none leaves the refresh to the UAC
        for (int i = 1; i < parts.length; i++) {
            String[] param = parts[i].strip().split("=", 2);
            if (param.length == 2 && param[0].strip().equalsIgnoreCase("refresher")) {
                refresher = param[1].strip().toLowerCase(Locale.ROOT);
            }
        }
        if (!refresher.equals("uac") && !refresher.equals("uas")) {
            throw new IllegalArgumentException("Session-Expires refresher '" + refresher + "' is neither uac nor uas");
        }
        interval = Duration.ofSeconds(seconds);
        weRefresh = refresher.equals("uac");
        running = true;
        lastRefresh = now;
    }

    /** A refresh succeeded (ours answered 2xx, or the far end's arrived) at {@code now}. */
    public void refreshed(Instant now) {
        lastRefresh = now;
    }

    /** What is due at {@code now}: our refresh, the session's end, or nothing. */
    public Due due(Instant now) {
        if (!running) {
            return Due.NOTHING;
        }
        if (weRefresh) {
            if (!now.isBefore(lastRefresh.plus(interval))) {
                return Due.EXPIRED; // our refreshes got no answer for a whole interval
            }
            return now.isBefore(lastRefresh.plus(interval.dividedBy(2))) ? Due.NOTHING : Due.REFRESH;
        }
        Duration grace = interval.dividedBy(3).compareTo(Duration.ofSeconds(32)) < 0
                ? interval.dividedBy(3) : Duration.ofSeconds(32);
        return now.isBefore(lastRefresh.plus(interval).minus(grace)) ? Due.NOTHING : Due.EXPIRED;
    }

    /** Whether the 2xx turned the timer on. */
    public boolean running() {
        return running;
    }

    /** Whether we are the refresher. */
    public boolean weRefresh() {
        return weRefresh;
    }

    /** The settled (or asked-for) interval. */
    public Duration interval() {
        return interval;
    }

    private static Optional<Long> seconds(String text) {
        if (text == null || !text.strip().matches("[0-9]{1,9}")) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(text.strip()));
    }
}
