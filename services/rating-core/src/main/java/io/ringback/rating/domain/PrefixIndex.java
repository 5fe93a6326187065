package io.ringback.rating.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Longest-prefix lookup over a deck's rows, built once and then read by any number of threads.
 *
 * <p>Each distinct prefix is a 64-bit key (its digits as a number, times 16, plus its length, so
 * {@code "5"} and {@code "05"} differ) in an open-addressing hash table. A lookup computes the
 * keys of the number's leading digits for the prefix lengths the deck holds, longest first, and
 * probes; it allocates nothing. Rows of one prefix with different validity windows form a group,
 * ordered by start; the lookup takes the group's row valid at the call's start and, when none is,
 * goes on to the next shorter prefix.
 */
public final class PrefixIndex {

    private static final long[] POW10 = new long[E164.MAX_DIGITS + 1];
    private static final Comparator<RateRow> PREFIX_THEN_START = Comparator.comparing(RateRow::prefix)
            .thenComparing(RateRow::validFrom, Comparator.nullsFirst(Comparator.naturalOrder()));

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
    }

    private final RateRow[] rows;
    private final int[] groupStart;
    private final long[] keys;
    private final int[] groups;
    private final int mask;
    private final int[] lengthsLongestFirst;

    private PrefixIndex(List<RateRow> sortedRows) {
        this.rows = sortedRows.toArray(new RateRow[0]);
        List<Integer> starts = new ArrayList<>();
        for (int i = 0; i < rows.length; i++) {
            if (i == 0 || !rows[i].prefix().equals(rows[i - 1].prefix())) {
                starts.add(i);
            }
        }
        int groupCount = starts.size();
        this.groupStart = new int[groupCount + 1];
        for (int g = 0; g < groupCount; g++) {
            groupStart[g] = starts.get(g);
        }
        groupStart[groupCount] = rows.length;
        int capacity = Integer.highestOneBit(Math.max(4, groupCount * 2 - 1)) << 1;
        this.keys = new long[capacity];
        this.groups = new int[capacity];
        this.mask = capacity - 1;
        boolean[] lengthPresent = new boolean[E164.MAX_DIGITS + 1];
        for (int g = 0; g < groupCount; g++) {
            String prefix = rows[groupStart[g]].prefix();
            lengthPresent[prefix.length()] = true;
            long key = key(Long.parseLong(prefix), prefix.length());
            int slot = slot(key);
            while (keys[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            keys[slot] = key;
            groups[slot] = g;
        }
        this.lengthsLongestFirst = IntStream.rangeClosed(1, E164.MAX_DIGITS)
                .map(i -> E164.MAX_DIGITS + 1 - i).filter(length -> lengthPresent[length]).toArray();
    }

    /** An index over no rows: every lookup finds nothing. */
    public static PrefixIndex empty() {
        return new PrefixIndex(List.of());
    }

    /** A builder that checks, row by row, that no two rows of a prefix are valid at the same time. */
    public static Builder builder() {
        return new Builder();
    }

    /** The row of the longest prefix of {@code number} (normalized digits) valid at {@code at}; null when none. */
    public RateRow lookup(String number, Instant at) {
        int length = Math.min(number.length(), E164.MAX_DIGITS);
        long value = 0;
        for (int i = 0; i < length; i++) {
            char c = number.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("a number to look up must be digits only: '" + number + "'");
            }
            value = value * 10 + (c - '0');
        }
        for (int prefixLength : lengthsLongestFirst) {
            if (prefixLength > length) {
                continue;
            }
            long key = key(value / POW10[length - prefixLength], prefixLength);
            int slot = slot(key);
            while (keys[slot] != 0) {
                if (keys[slot] == key) {
                    RateRow row = validRow(groups[slot], at);
                    if (row != null) {
                        return row;
                    }
                    break;
                }
                slot = (slot + 1) & mask;
            }
        }
        return null;
    }

    /** How many rows the deck holds. */
    public int size() {
        return rows.length;
    }

    private RateRow validRow(int group, Instant at) {
        for (int i = groupStart[group]; i < groupStart[group + 1]; i++) {
            if (rows[i].validAt(at)) {
                return rows[i];
            }
        }
        return null;
    }

    private static long key(long digits, int length) {
        return digits * 16 + length;
    }

    private int slot(long key) {
        long mixed = key * 0x9E3779B97F4A7C15L;
        return (int) (mixed ^ (mixed >>> 32)) & mask;
    }

    /** Collects rows; refuses a row whose prefix already has a row valid at an overlapping time. */
    public static final class Builder {

        private final List<RateRow> rows = new ArrayList<>();
        /** Per prefix, the rows added so far, newest first, linked through {@link Tagged#next}. */
        private final Map<String, Tagged> byPrefix = new HashMap<>();

        private Builder() {
        }

        /**
         * Adds the row unless it conflicts with a row already added.
         *
         * @param tag what the caller knows the row by (its CSV line), answered on a conflict
         * @return {@code -1} when added, else the tag of the earliest added row it conflicts with
         */
        public int add(RateRow row, int tag) {
            Tagged present = byPrefix.get(row.prefix());
            int conflict = -1;
            // newest first: the last overlap found is the earliest row added, the one reported
            for (Tagged other = present; other != null; other = other.next) {
                if (other.row.overlaps(row)) {
                    conflict = other.tag;
                }
            }
            if (conflict >= 0) {
                return conflict;
            }
            byPrefix.put(row.prefix(), new Tagged(row, tag, present));
            rows.add(row);
            return -1;
        }

        /** How many rows were added. */
        public int size() {
            return rows.size();
        }

        public PrefixIndex build() {
            List<RateRow> sorted = new ArrayList<>(rows);
            sorted.sort(PREFIX_THEN_START);
            return new PrefixIndex(sorted);
        }

        /** A row added, its tag, and the row added before it for the same prefix (null if none). */
        private record Tagged(RateRow row, int tag, Tagged next) {
        }
    }
}
