package io.ringback.rating.domain;

import io.ringback.common.Failure;
import io.ringback.common.Money;

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
 * <p>Reading goes line by line: each line is validated on its own and handed to the sink at once,
 * so the file's text is never held whole. The accepted rows themselves are kept, parsed (not as
 * text), in a {@link PrefixIndex.Builder}: it refuses overlapping duplicates and yields the
 * lookup index, so memory grows with the number of accepted rows. Of the rejected lines only the
 * first {@value #MAX_REPORTED_ERRORS} are kept with their reasons; the rest are only counted.
 *
 * <p>A quoted field is taken exactly as written between its quotes (spaces included), so an
 * export reads back to the same rows; an unquoted field is trimmed.
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
    /** The most rejected lines a read reports with their reasons; further ones are only counted. */
    public static final int MAX_REPORTED_ERRORS = 1000;
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
     * @param rejected how many lines were rejected in all
     * @param errors   the first {@value #MAX_REPORTED_ERRORS} rejected lines with their reasons, in file order
     * @param index    the accepted rows, ready for lookups
     */
    public record Result(int accepted, int rejected, List<RowError> errors, PrefixIndex index) {
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
        int rejected = 0;
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
                reject(errors, ++rejected, lineNumber, e.getMessage());
                continue;
            }
            int conflict = seen.add(row, (int) lineNumber);
            if (conflict >= 0) {
                reject(errors, ++rejected, lineNumber, "duplicate prefix " + row.prefix()
                        + ": its validity overlaps the row on line " + conflict);
                continue;
            }
            sink.accept(row, lineNumber);
            accepted++;
        }
        return new Result(accepted, rejected, List.copyOf(errors), seen.build());
    }

    private static void reject(List<RowError> errors, int rejected, long line, String reason) {
        if (rejected <= MAX_REPORTED_ERRORS) {
            errors.add(new RowError(line, reason));
        }
    }

    /**
     * Parses an RFC 3339 time with offset, e.g. {@code 2026-03-01T10:00:00Z}.
     *
     * @throws IllegalArgumentException when {@code text} is not one
     */
    public static Instant time(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not an RFC 3339 time with offset: '" + text + "'");
        }
    }

    /** Writes the header line of the format {@link #read} reads (CRLF line ends, RFC 4180). */
    public static void writeHeader(Writer out) throws IOException {
        out.write(String.join(",", COLUMNS));
        out.write("\r\n");
    }

    /**
     * Writes one row as a CSV line, CRLF-terminated (money with 6 places, times as RFC 3339 UTC,
     * absent values empty). PostgreSQL's {@code COPY ... (FORMAT csv)} reads the same line.
     */
    public static void writeRow(RateRow row, Appendable out) throws IOException {
        out.append(row.prefix()).append(',')
                .append(quote(row.description())).append(',')
                .append(Money.format(row.pricePerMinute())).append(',')
                .append(Money.format(row.connectFee())).append(',')
                .append(String.valueOf(row.firstIncrement())).append(',')
                .append(String.valueOf(row.nextIncrement())).append(',')
                .append(row.validFrom() == null ? "" : row.validFrom().toString()).append(',')
                .append(row.validTo() == null ? "" : row.validTo().toString()).append(',')
                .append(row.minimumCharge() == null ? "" : Money.format(row.minimumCharge()))
                .append("\r\n");
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
        BigDecimal price = money(PRICE_PER_MINUTE, field(fields, column, PRICE_PER_MINUTE));
        String feeText = field(fields, column, CONNECT_FEE);
        BigDecimal fee = feeText.isEmpty() ? Money.ZERO : money(CONNECT_FEE, feeText);
        int first = increment(fields, column, FIRST_INCREMENT);
        int next = increment(fields, column, NEXT_INCREMENT);
        Instant from = instant(fields, column, VALID_FROM);
        Instant to = instant(fields, column, VALID_TO);
        String minimumText = field(fields, column, MINIMUM_CHARGE);
        BigDecimal minimum = minimumText.isEmpty() ? null
                : money(MINIMUM_CHARGE, minimumText);
        return new RateRow(prefix, field(fields, column, DESCRIPTION), price, fee, first, next, from, to, minimum);
    }

    /** Parses an increment; whether it is positive is the row's own rule ({@link RateRow}). */
    private static int increment(List<String> fields, int[] column, String name) {
        String text = field(fields, column, name);
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": not a whole number of seconds: '" + text + "'");
        }
    }

    private static Instant instant(List<String> fields, int[] column, String name) {
        String text = field(fields, column, name);
        return text.isEmpty() ? null : checked(name, () -> time(text));
    }

    /** The field as {@link #split} gave it: unquoted ones are trimmed there, quoted ones are kept exactly. */
    private static String field(List<String> fields, int[] column, String name) {
        int index = column[COLUMNS.indexOf(name)];
        return index < 0 ? "" : fields.get(index);
    }

    /**
     * A money cell: the platform's money rule (ringback-common {@link Money}) on the trimmed cell,
     * not negative. A refusal names the column.
     */
    private static BigDecimal money(String name, String cell) {
        try {
            return Money.parseNonNegative(name, cell.trim());
        } catch (Failure e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
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
                fields.add(field.toString());
            } else {
                while (i < n && line.charAt(i) != ',') {
                    field.append(line.charAt(i++));
                }
                fields.add(field.toString().trim());
            }
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
