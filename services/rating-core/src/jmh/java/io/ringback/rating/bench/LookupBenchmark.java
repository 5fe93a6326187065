package io.ringback.rating.bench;

import io.ringback.rating.domain.Pricing;
import io.ringback.rating.domain.PrefixIndex;
import io.ringback.rating.domain.RateRow;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Longest-prefix lookups on a deck of 100 000 prefixes (2 to 9 digits, as carrier decks are), one
 * thread: how many numbers per second one core rates. Every number has a rate (the deck holds all
 * one- and two-digit country codes), so each lookup walks from its longest candidate prefix down.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class LookupBenchmark {

    private static final int PREFIXES = 100_000;
    private static final Instant AT = Instant.parse("2026-03-01T10:00:00Z");

    private PrefixIndex index;
    private String[] numbers;
    private RateRow row;
    private int next;

    @Setup
    public void buildDeck() {
        Random random = new Random(20260301);
        Set<String> prefixes = new HashSet<>();
        for (int i = 1; i < 100; i++) {
            prefixes.add(Integer.toString(i));
        }
        while (prefixes.size() < PREFIXES) {
            prefixes.add(digits(random, 3 + random.nextInt(7)));
        }
        PrefixIndex.Builder builder = PrefixIndex.builder();
        for (String prefix : prefixes) {
            builder.add(new RateRow(prefix, "bench", new BigDecimal("0.012345"), BigDecimal.ZERO, 30, 6, null, null, null), 0);
        }
        index = builder.build();
        numbers = new String[1 << 16];
        String[] known = prefixes.toArray(new String[0]);
        for (int i = 0; i < numbers.length; i++) {
            // half the numbers extend a deck prefix (deep matches), half are random (shallow matches)
            String start = i % 2 == 0 ? known[random.nextInt(known.length)] : Integer.toString(1 + random.nextInt(9));
            numbers[i] = start + digits(random, Math.max(1, 12 - start.length()));
        }
        row = index.lookup(numbers[0], AT);
    }

    @Benchmark
    public RateRow lookup() {
        next = (next + 1) & (numbers.length - 1);
        return index.lookup(numbers[next], AT);
    }

    @Benchmark
    public BigDecimal lookupAndPrice() {
        next = (next + 1) & (numbers.length - 1);
        return Pricing.price(index.lookup(numbers[next], AT), 61_500 + next).charge();
    }

    @Benchmark
    public BigDecimal price() {
        next = (next + 1) & (numbers.length - 1);
        return Pricing.price(row, 61_500 + next).charge();
    }

    private static String digits(Random random, int length) {
        StringBuilder digits = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            digits.append((char) ('0' + random.nextInt(10)));
        }
        return digits.toString();
    }
}
