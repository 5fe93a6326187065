package io.ringback.signaling.core.limit;

import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * At most {@code limit} events per key in any {@code window}, as a token bucket: each key starts
 * with {@code limit} tokens, an event takes one, and tokens come back at {@code limit / window},
 * never above {@code limit}. So a burst of {@code limit} passes at once, and after that events
 * pass at the sustained rate; a key that stays quiet for a whole window is full again.
 *
 * <p>Time is read only from the injected clock, so tests step it. Keys whose bucket is full carry
 * no information and are dropped once the map holds more than {@code maxKeys} entries, which
 * bounds the memory a flood of distinct keys can take.
 */
public final class RateLimiter {

    private static final long NANOS_PER_MILLI = 1_000_000L;

    private final int limit;
    private final long windowNanos;
    private final Clock clock;
    private final int maxKeys;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    /** Tokens in nanos-of-a-token units: one token = {@code windowNanos} units, so refill is exact integer math. */
    private static final class Bucket {
        long units;
        long updatedAtNanos;

        Bucket(long units, long now) {
            this.units = units;
            this.updatedAtNanos = now;
        }
    }

    /**
     * @param limit  events per window; 0 disables the limit (everything passes)
     * @param window the window, at least 1 ms
     */
    public RateLimiter(int limit, Duration window, Clock clock, int maxKeys) {
        if (limit < 0) {
            throw new IllegalArgumentException("a limit is 0 (off) or more");
        }
        if (window.toMillis() < 1) {
            throw new IllegalArgumentException("a limit's window is at least 1 ms");
        }
        this.limit = limit;
        this.windowNanos = window.toNanos();
        this.clock = clock;
        this.maxKeys = maxKeys;
    }

    /** Takes one token of {@code key}; false (and nothing taken) when the key is over its limit. */
    public boolean tryAcquire(String key) {
        if (limit == 0) {
            return true;
        }
        long now = clock.millis() * NANOS_PER_MILLI;
        long full = (long) limit * windowNanos;
        if (buckets.size() > maxKeys) {
            evictFull(now, full);
        }
        boolean[] acquired = new boolean[1];
        buckets.compute(key, (k, bucket) -> {
            Bucket b = bucket == null ? new Bucket(full, now) : bucket;
            refill(b, now, full);
            if (b.units >= windowNanos) {
                b.units -= windowNanos;
                acquired[0] = true;
            }
            return b;
        });
        return acquired[0];
    }

    /** How many keys are tracked (for the tests of the memory bound). */
    public int trackedKeys() {
        return buckets.size();
    }

    private void refill(Bucket bucket, long now, long full) {
        long elapsed = Math.max(0, now - bucket.updatedAtNanos);
        // Each elapsed nano brings back limit units: limit tokens per window of windowNanos.
        long added = elapsed >= windowNanos ? full : elapsed * limit;
        bucket.units = Math.min(full, bucket.units + added);
        bucket.updatedAtNanos = now;
    }

    private void evictFull(long now, long full) {
        Iterator<Map.Entry<String, Bucket>> entries = buckets.entrySet().iterator();
        while (entries.hasNext()) {
            Map.Entry<String, Bucket> entry = entries.next();
            Bucket bucket = entry.getValue();
            long elapsed = Math.min(windowNanos, Math.max(0, now - bucket.updatedAtNanos));
            if (bucket.units + elapsed * limit >= full) {
                entries.remove();
            }
        }
    }
}
