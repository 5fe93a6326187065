package io.ringback.rating.domain;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Rate decks as CSV (RFC 4180: comma separated, {@code "} quotes a field, {@code ""} is a quote
 * inside one). The first line is a header naming the columns, in any order:
 * {@code prefix,description,price_per_minute,connect_fee,first_increment,next_increment,valid_from,valid_to,minimum_charge}.
 * Required: prefix, price_per_minute, first_increment, next_increment. A UTF-8 byte order mark and
 * CRLF line ends are accepted; blank lines are skipped.
 *
 * <p>Reading streams: each line is validated on its own and handed on at once, so a file is
 * never held in memory; only the prefixes seen (to refuse duplicates) are kept.
 */
public final class RateDeckCsv {

    public static final String PREFIX = "prefix";
    public static final String DESCRIPTION = "description";
    public static final String PRICE_PER_MINUTE = "price_per_minute";
    public static final String CONNECT_FEE = "connect_fee";
    public static final String FIRST_INCREMENT = "first_increment";
    public static final String NEXT_INCREMENT = "next_increment";
    public static final String VALID_FROM = "valid_from";
    public static final String VALID_TO = "valid_to";
    public static final String MINIMUM_CHARGE = "minimum_charge";

    /** Every column, in the order export writes them. */
    public static final List<String> COLUMNS = List.of(PREFIX, DESCRIPTION, PRICE_PER_MINUTE, CONNECT_FEE,
            FIRST_INCREMENT, NEXT_INCREMENT, VALID_FROM, VALID_TO, MINIMUM_CHARGE);
    private static final Set<String> REQUIRED = Set.of(PREFIX, PRICE_PER_MINUTE, FIRST_INCREMENT, NEXT_INCREMENT);

    /** Receives each valid row as soon as it is read. */
    @FunctionalInterface
    public interface RowSink {
        void accept(RateRow row, long line) throws IOException;
    }

    /**
     * What a read found.
     *
     * @param accepted how many rows were valid and handed to the sink
     * @param errors   every rejected line with its reason, in file order
     * @param index    the accepted rows, ready for lookups
     */
    public record Result(int accepted, List<RowError> errors, PrefixIndex index) {
    }

    private RateDeckCsv() {
    }

    /**
     * Reads a deck, validating row by row. Duplicate prefixes are rows of one prefix whose
     * validity windows overlap: the first stays, later ones are rejected.
     *
     * @param maxRows the most data rows accepted; more is a {@link CsvDeckException}
     * @throws CsvDeckException when the header is missing or wrong, or the file has too many rows
     */
    public static Result read(Reader reader, int maxRows, RowSink sink) throws IOException {
        BufferedReader lines = reader instanceof BufferedReader buffered ? buffered : new BufferedReader(reader, 1 << 16);
        String headerLine = lines.readLine();
        if (headerLine != null && !headerLine.isEmpty() && headerLine.charAt(0) == '\uFEFF') {
            headerLine = headerLine.substring(1);
        }
        if (headerLine == null || headerLine.isBlank()) {
            throw new CsvDeckException("the file is empty: line 1 must be the header " + String.join(",", COLUMNS));
        }
        List<String> names;
        try {
            names = split(headerLine);
        } catch (IllegalArgumentException e) {
            throw new CsvDeckException("line 1 (header): " + e.getMessage());
        }
        int[] column = header(names);
        int columnCount = names.size();
        PrefixIndex.Builder seen = PrefixIndex.builder();
        List<RowError> errors = new ArrayList<>();
        int accepted = 0;
        long rowsRead = 0;
        long lineNumber = 1;
        String line;
        while ((line = lines.readLine()) != null) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            if (++rowsRead > maxRows) {
                throw new CsvDeckException("the file has more than " + maxRows + " rows, the most one import may hold");
            }
            RateRow row;
            try {
                row = row(split(line), columnCount, column);
            } catch (IllegalArgumentException e) {
                errors.add(new RowError(lineNumber, e.getMessage()));
                continue;
            }
            int conflict = seen.add(row, (int) lineNumber);
            if (conflict >= 0) {
                errors.add(new RowError(lineNumber, "duplicate prefix " + row.prefix()
                        + ": its validity overlaps the row on line " + conflict));
                continue;
            }
            sink.accept(row, lineNumber);
            accepted++;
        }
        return new Result(accepted, List.copyOf(errors), seen.build());
    }

    /** Writes the header line of the format {@link #read} reads (CRLF line ends, RFC 4180). */
    public static void writeHeader(Writer out) throws IOException {
        out.write(String.join(",", COLUMNS));
        out.write("\r\n");
    }

    /** Writes one row as a CSV line. */
    public static void writeRow(RateRow row, Writer out) throws IOException {
        StringBuilder line = new StringBuilder(128);
        line.append(row.prefix()).append(',')
                .append(quote(row.description())).append(',')
                .append(Money.format(row.pricePerMinute())).append(',')
                .append(Money.format(row.connectFee())).append(',')
                .append(row.firstIncrement()).append(',')
                .append(row.nextIncrement()).append(',')
                .append(row.validFrom() == null ? "" : row.validFrom().toString()).append(',')
                .append(row.validTo() == null ? "" : row.validTo().toString()).append(',')
                .append(row.minimumCharge() == null ? "" : Money.format(row.minimumCharge()))
                .append("\r\n");
        out.append(line);
    }

    private static int[] header(List<String> names) {
        int[] column = new int[COLUMNS.size()];
        Arrays.fill(column, -1);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i).trim().toLowerCase(Locale.ROOT);
            int known = COLUMNS.indexOf(name);
            if (known < 0) {
                throw new CsvDeckException("line 1 (header): unknown column '" + names.get(i).trim()
                        + "'; the columns are " + String.join(",", COLUMNS));
            }
            if (!seen.add(name)) {
                throw new CsvDeckException("line 1 (header): column '" + name + "' appears twice");
            }
            column[known] = i;
        }
        for (String required : REQUIRED) {
            if (!seen.contains(required)) {
                throw new CsvDeckException("line 1 (header): column '" + required + "' is missing; required are "
                        + String.join(",", List.of(PREFIX, PRICE_PER_MINUTE, FIRST_INCREMENT, NEXT_INCREMENT)));
            }
        }
        return column;
    }

    private static RateRow row(List<String> fields, int columnCount, int[] column) {
        if (fields.size() != columnCount) {
            throw new IllegalArgumentException("expected " + columnCount + " columns as in the header, found " + fields.size());
        }
        String prefixText = field(fields, column, PREFIX);
        if (prefixText.isEmpty()) {
            throw new IllegalArgumentException("prefix: empty");
        }
        String prefix = checked(PREFIX, () -> E164.normalize(prefixText));
        BigDecimal price = checked(PRICE_PER_MINUTE, () -> Money.parseNonNegative(field(fields, column, PRICE_PER_MINUTE)));
        String feeText = field(fields, column, CONNECT_FEE);
        BigDecimal fee = feeText.isEmpty() ? Money.ZERO : checked(CONNECT_FEE, () -> Money.parseNonNegative(feeText));
        int first = increment(fields, column, FIRST_INCREMENT);
        int next = increment(fields, column, NEXT_INCREMENT);
        Instant from = instant(fields, column, VALID_FROM);
        Instant to = instant(fields, column, VALID_TO);
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("valid_to must be after valid_from");
        }
        String minimumText = field(fields, column, MINIMUM_CHARGE);
        BigDecimal minimum = minimumText.isEmpty() ? null
                : checked(MINIMUM_CHARGE, () -> Money.parseNonNegative(minimumText));
        return new RateRow(prefix, field(fields, column, DESCRIPTION), price, fee, first, next, from, to, minimum);
    }

    private static int increment(List<String> fields, int[] column, String name) {
        String text = field(fields, column, name);
        int value;
        try {
            value = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": not a whole number of seconds: '" + text + "'");
        }
        if (value <= 0) {
            throw new IllegalArgumentException(name + ": must be a positive number of seconds, got " + value);
        }
        return value;
    }

    private static Instant instant(List<String> fields, int[] column, String name) {
        String text = field(fields, column, name);
        if (text.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + ": not an RFC 3339 time with offset: '" + text + "'");
        }
    }

    private static String field(List<String> fields, int[] column, String name) {
        int index = column[COLUMNS.indexOf(name)];
        return index < 0 ? "" : fields.get(index).trim();
    }

    private static <T> T checked(String name, Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
        }
    }

    /** Splits one line into fields (RFC 4180 quoting; a quoted field must close on its line). */
    static List<String> split(String line) {
        List<String> fields = new ArrayList<>(COLUMNS.size());
        StringBuilder field = new StringBuilder();
        int i = 0;
        int n = line.length();
        while (true) {
            field.setLength(0);
            while (i < n && line.charAt(i) == ' ') {
                i++;
            }
            if (i < n && line.charAt(i) == '"') {
                i++;
                while (true) {
                    if (i >= n) {
                        throw new IllegalArgumentException("a quoted field is not closed on its line");
                    }
                    char c = line.charAt(i++);
                    if (c == '"') {
                        if (i < n && line.charAt(i) == '"') {
                            field.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        field.append(c);
                    }
                }
                while (i < n && line.charAt(i) == ' ') {
                    i++;
                }
                if (i < n && line.charAt(i) != ',') {
                    throw new IllegalArgumentException("text after a closing quote");
                }
            } else {
                while (i < n && line.charAt(i) != ',') {
                    field.append(line.charAt(i++));
                }
            }
            fields.add(field.toString());
            if (i >= n) {
                return fields;
            }
            i++;
        }
    }

    private static String quote(String text) {
        if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0
                && (text.isEmpty() || (text.charAt(0) != ' ' && text.charAt(text.length() - 1) != ' '))) {
            return text;
        }
        return '"' + text.replace("\"", "\"\"").replace("\r", " ").replace("\n", " ") + '"';
    }
}
