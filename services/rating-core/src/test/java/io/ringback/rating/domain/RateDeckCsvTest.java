package io.ringback.rating.domain;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RateDeckCsvTest {

    private static final String HEADER = "prefix,description,price_per_minute,connect_fee,first_increment,next_increment,valid_from,valid_to,minimum_charge";

    private final List<RateRow> rows = new ArrayList<>();
    private final List<Long> lines = new ArrayList<>();

    private RateDeckCsv.Result read(String csv) throws IOException {
        return RateDeckCsv.read(new StringReader(csv), 1000, (row, line) -> {
            rows.add(row);
            lines.add(line);
        });
    }

    @Test
    void aGoodDeckWithBomCrlfQuotesAndOptionalColumnsIsAccepted() throws IOException {
        String csv = "\uFEFF" + HEADER + "\r\n"
                + "52,Mexico,0.10,0,60,60,,,\r\n"
                + "\"+52 1\",\"Mexico, Mobile \"\"Telcel\"\"\",0.123456,0.05,30,6,2026-01-01T00:00:00Z,2027-01-01T00:00:00-06:00,0.20\r\n"
                + "\r\n"
                + "1-555,USA,0.01,,1,1,,,\r\n";
        RateDeckCsv.Result result = read(csv);
        assertEquals(3, result.accepted());
        assertEquals(List.of(), result.errors());
        assertEquals(3, result.index().size());
        assertEquals("521", result.index().lookup("5215512345678", Instant.parse("2026-06-01T00:00:00Z")).prefix());
        assertEquals("52", result.index().lookup("5215512345678", Instant.parse("2025-06-01T00:00:00Z")).prefix());
        assertEquals(List.of(2L, 3L, 5L), lines);
        assertEquals(new RateRow("521", "Mexico, Mobile \"Telcel\"", new BigDecimal("0.123456"), new BigDecimal("0.05"),
                30, 6, Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2027-01-01T06:00:00Z"),
                new BigDecimal("0.20")), rows.get(1));
        assertEquals("1555", rows.get(2).prefix());
        assertEquals(new BigDecimal("0.000000"), rows.get(2).connectFee());
    }

    @Test
    void columnsMayComeInAnyOrderAndOptionalOnesMayBeLeftOut() throws IOException {
        RateDeckCsv.Result result = read("next_increment,Prefix,first_increment,price_per_minute\n6,44,30,0.02\n");
        assertEquals(1, result.accepted());
        assertEquals(RateRow.of("44", "", "0.02", "0", 30, 6), rows.get(0));
    }

    @Test
    void everyBadRowIsReportedByLineWithItsReasonAndTheGoodRowsStillPass() throws IOException {
        String csv = HEADER + "\n"
                + "52,ok,0.10,0,60,60,,,\n"                                      // 2 ok
                + "52A,letters,0.10,0,60,60,,,\n"                                // 3
                + "53,negative,-0.10,0,60,60,,,\n"                               // 4
                + "54,not a number,abc,0,60,60,,,\n"                             // 5
                + "55,zero increment,0.10,0,0,60,,,\n"                           // 6
                + "56,negative increment,0.10,0,60,-6,,,\n"                      // 7
                + "52,duplicate,0.20,0,60,60,,,\n"                               // 8
                + "57,too few,0.10,0,60\n"                                       // 9
                + "58,window,0.10,0,60,60,2026-02-01T00:00:00Z,2026-03-01T00:00:00Z,\n" // 10 ok
                + "58,overlap,0.10,0,60,60,2026-02-15T00:00:00Z,,\n"             // 11
                + "58,after,0.10,0,60,60,2026-03-01T00:00:00Z,,\n"               // 12 ok
                + "59,backwards,0.10,0,60,60,2026-03-01T00:00:00Z,2026-02-01T00:00:00Z,\n" // 13
                + "60,bad time,0.10,0,60,60,yesterday,,\n"                       // 14
                + "61,seven decimals,0.1234567,0,60,60,,,\n"                     // 15
                + ",empty prefix,0.1,0,60,60,,,\n"                               // 16
                + "62,negative fee,0.1,-1,60,60,,,\n"                            // 17
                + "63,\"unclosed,0.1,0,60,60,,,\n"                               // 18
                + "64,fraction increment,0.1,0,1.5,60,,,\n"                     // 19
                + "65,beyond the column,1000000000000,0,60,60,,,\n"             // 20
                + "66,exponent,1e3,0,60,60,,,\n";                                // 21
        RateDeckCsv.Result result = read(csv);
        assertEquals(3, result.accepted());
        assertEquals(List.of(2L, 10L, 12L), lines);
        assertEquals(List.of(
                new RowError(3, "prefix: only digits, '+', spaces and dashes are allowed, found 'A' in '52A'"),
                new RowError(4, "price_per_minute must not be negative, got '-0.10'"),
                new RowError(5, "price_per_minute is not a plain decimal (digits, an optional '-' and '.', no exponent, "
                        + "no spaces): 'abc'"),
                new RowError(6, "first_increment: must be a positive number of seconds, got 0"),
                new RowError(7, "next_increment: must be a positive number of seconds, got -6"),
                new RowError(8, "duplicate prefix 52: its validity overlaps the row on line 2"),
                new RowError(9, "expected 9 columns as in the header, found 5"),
                new RowError(11, "duplicate prefix 58: its validity overlaps the row on line 10"),
                new RowError(13, "valid_to must be after valid_from"),
                new RowError(14, "valid_from: not an RFC 3339 time with offset: 'yesterday'"),
                new RowError(15, "price_per_minute has more than 6 decimals: '0.1234567'"),
                new RowError(16, "prefix: empty"),
                new RowError(17, "connect_fee must not be negative, got '-1'"),
                new RowError(18, "a quoted field is not closed on its line"),
                new RowError(19, "first_increment: not a whole number of seconds: '1.5'"),
                new RowError(20, "price_per_minute is too large: its absolute value must be below 1000000000000, "
                        + "got '1000000000000.000000'"),
                new RowError(21, "price_per_minute is not a plain decimal (digits, an optional '-' and '.', "
                        + "no exponent, no spaces): '1e3'")), result.errors());
    }

    @Test
    void aMissingUnknownOrRepeatedHeaderColumnRefusesTheWholeFile() {
        assertEquals("the file is empty: line 1 must be the header " + HEADER,
                assertThrows(CsvDeckException.class, () -> read("")).getMessage());
        assertEquals("line 1 (header): unknown column '52'; the columns are " + HEADER,
                assertThrows(CsvDeckException.class, () -> read("52,Mexico,0.1,0,60,60\n")).getMessage());
        assertEquals("line 1 (header): column 'prefix' appears twice",
                assertThrows(CsvDeckException.class, () -> read("prefix,prefix\n")).getMessage());
        assertEquals("line 1 (header): column 'next_increment' is missing; required are prefix,price_per_minute,first_increment,next_increment",
                assertThrows(CsvDeckException.class, () -> read("prefix,price_per_minute,first_increment\n")).getMessage());
    }

    @Test
    void moreRowsThanAllowedRefusesTheFile() {
        StringBuilder csv = new StringBuilder("prefix,price_per_minute,first_increment,next_increment\n");
        for (int i = 0; i < 4; i++) {
            csv.append(10 + i).append(",0.1,1,1\n");
        }
        assertEquals("the file has more than 3 rows, the most one import may hold",
                assertThrows(CsvDeckException.class,
                        () -> RateDeckCsv.read(new StringReader(csv.toString()), 3, (row, line) -> { })).getMessage());
    }

    @Test
    void exportReadsBackToTheSameRows() throws IOException {
        List<RateRow> original = List.of(
                RateRow.of("52", "Mexico, \"fixed\"", "0.1", "0.05", 60, 60),
                new RateRow("5255", " padded ", new BigDecimal("0.000001"), BigDecimal.ZERO, 1, 1,
                        Instant.parse("2026-01-01T00:00:00Z"), null, new BigDecimal("1.5")));
        StringWriter out = new StringWriter();
        RateDeckCsv.writeHeader(out);
        for (RateRow row : original) {
            RateDeckCsv.writeRow(row, out);
        }
        assertEquals(HEADER + "\r\n"
                + "52,\"Mexico, \"\"fixed\"\"\",0.100000,0.050000,60,60,,,\r\n"
                + "5255,\" padded \",0.000001,0.000000,1,1,2026-01-01T00:00:00Z,,1.500000\r\n", out.toString());
        read(out.toString());
        assertEquals(original, rows, "a quoted description keeps its leading and trailing spaces");
    }

    @Test
    void unquotedFieldsAreTrimmedQuotedOnesKeptExactly() throws IOException {
        read("prefix,description,price_per_minute,first_increment,next_increment\n"
                + " 44 ,  UK  , 0.02 , 30 , 6 \n"
                + "45, \"  Denmark \" ,0.02,30,6\n");
        assertEquals(List.of("UK", "  Denmark "), rows.stream().map(RateRow::description).toList());
        assertEquals("44", rows.get(0).prefix());
    }

    @Test
    void onlyTheFirstThousandRejectedLinesAreKeptButAllAreCounted() throws IOException {
        StringBuilder csv = new StringBuilder("prefix,price_per_minute,first_increment,next_increment\n");
        csv.append("44,0.02,30,6\n");
        for (int i = 0; i < 1500; i++) {
            csv.append("9x,0.02,30,6\n");
        }
        RateDeckCsv.Result result = RateDeckCsv.read(new StringReader(csv.toString()), 10_000, (row, line) -> { });
        assertEquals(1, result.accepted());
        assertEquals(1500, result.rejected());
        assertEquals(RateDeckCsv.MAX_REPORTED_ERRORS, result.errors().size());
        assertEquals(3, result.errors().get(0).line());
        assertEquals(1002, result.errors().get(999).line());
    }
}
