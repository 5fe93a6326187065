package io.ringback.rating.domain;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PrefixIndexTest {

    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    private static RateRow row(String prefix, String price) {
        return RateRow.of(prefix, prefix, price, "0", 60, 60);
    }

    private static RateRow row(String prefix, String price, String from, String to) {
        return new RateRow(prefix, prefix, new BigDecimal(price), BigDecimal.ZERO, 60, 60,
                from == null ? null : Instant.parse(from), to == null ? null : Instant.parse(to), null);
    }

    private static PrefixIndex index(RateRow... rows) {
        PrefixIndex.Builder builder = PrefixIndex.builder();
        for (int i = 0; i < rows.length; i++) {
            assertEquals(-1, builder.add(rows[i], i + 1));
        }
        return builder.build();
    }

    @Test
    void theLongestMatchingPrefixWins() {
        PrefixIndex index = index(row("52", "0.10"), row("521", "0.20"), row("5215", "0.30"), row("1", "0.01"));
        assertEquals("5215", index.lookup("5215512345678", NOW).prefix());
        assertEquals("521", index.lookup("5213312345678", NOW).prefix());
        assertEquals("52", index.lookup("5255", NOW).prefix());
        assertEquals("52", index.lookup("52", NOW).prefix());
        assertEquals("1", index.lookup("15551234567", NOW).prefix());
        assertNull(index.lookup("4420", NOW));
        assertNull(index.lookup("5", NOW));
    }

    @Test
    void leadingZerosAreDigitsOfTheirOwn() {
        PrefixIndex index = index(row("0", "0.01"), row("00", "0.02"), row("5", "0.03"));
        assertEquals("00", index.lookup("0052", NOW).prefix());
        assertEquals("0", index.lookup("0152", NOW).prefix());
        assertEquals("5", index.lookup("52", NOW).prefix());
    }

    @Test
    void onlyRowsValidAtTheStartTimeMatchAndAShorterPrefixTakesOverOutsideTheWindow() {
        PrefixIndex index = index(row("52", "0.10"),
                row("5255", "0.20", null, "2026-06-01T00:00:00Z"),
                row("5255", "0.25", "2026-06-01T00:00:00Z", "2026-07-01T00:00:00Z"));
        assertEquals(new BigDecimal("0.200000"), index.lookup("5255123", Instant.parse("2026-05-31T23:59:59Z")).pricePerMinute());
        assertEquals(new BigDecimal("0.250000"), index.lookup("5255123", Instant.parse("2026-06-01T00:00:00Z")).pricePerMinute());
        assertEquals(new BigDecimal("0.100000"), index.lookup("5255123", Instant.parse("2026-07-01T00:00:00Z")).pricePerMinute());
    }

    @Test
    void aRowWhoseWindowOverlapsAnotherOfItsPrefixIsRefusedWithTheOthersTag() {
        PrefixIndex.Builder builder = PrefixIndex.builder();
        assertEquals(-1, builder.add(row("52", "0.1", "2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z"), 2));
        assertEquals(-1, builder.add(row("52", "0.1", "2026-02-01T00:00:00Z", null), 3));
        assertEquals(3, builder.add(row("52", "0.1", "2026-03-01T00:00:00Z", "2026-03-02T00:00:00Z"), 4));
        assertEquals(2, builder.add(row("52", "0.1", null, "2026-01-15T00:00:00Z"), 5));
        assertEquals(-1, builder.add(row("52", "0.1", null, "2026-01-01T00:00:00Z"), 6));
        assertEquals(2, builder.add(row("52", "0.2"), 7), "an always-valid row overlaps the first row added");
        assertEquals(3, builder.build().size());
    }

    @Test
    void numbersWithSymbolsAreNotLookedUp() {
        assertThrows(IllegalArgumentException.class, () -> index(row("52", "0.1")).lookup("52a", NOW));
        assertNull(PrefixIndex.empty().lookup("52", NOW));
    }

    @Test
    void agreesWithANaiveScanOnARandomDeckOfTwentyThousandPrefixes() {
        Random random = new Random(42);
        TreeMap<String, RateRow> byPrefix = new TreeMap<>();
        while (byPrefix.size() < 20_000) {
            String prefix = digits(random, 1 + random.nextInt(8));
            byPrefix.putIfAbsent(prefix, row(prefix, "0.1"));
        }
        PrefixIndex index = index(byPrefix.values().toArray(new RateRow[0]));
        for (int i = 0; i < 50_000; i++) {
            String number = digits(random, 6 + random.nextInt(10));
            RateRow expected = null;
            for (int length = number.length(); length > 0 && expected == null; length--) {
                expected = byPrefix.get(number.substring(0, length));
            }
            assertEquals(expected, index.lookup(number, NOW), number);
        }
    }

    private static String digits(Random random, int length) {
        StringBuilder digits = new StringBuilder();
        for (int i = 0; i < length; i++) {
            digits.append((char) ('0' + random.nextInt(10)));
        }
        return digits.toString();
    }
}
