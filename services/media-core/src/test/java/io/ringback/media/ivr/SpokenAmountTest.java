package io.ringback.media.ivr;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.ringback.media.ivr.SpokenAmount.Unit.MINUTES;
import static io.ringback.media.ivr.SpokenAmount.Unit.MONEY;
import static io.ringback.media.ivr.SpokenAmount.Unit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The words of each amount, written out (the prompt ids without their prefixes would read:
 * "doce dólares con cincuenta centavos").
 */
class SpokenAmountTest {

    private static String en(String amount, SpokenAmount.Unit unit) {
        return words(SpokenAmount.say(new BigDecimal(amount), unit, "USD", "en"));
    }

    private static String es(String amount, SpokenAmount.Unit unit) {
        return words(SpokenAmount.say(new BigDecimal(amount), unit, "USD", "es"));
    }

    /** Prompt ids as a readable line: "num_12 currency_usd_many" becomes "12 usd_many". */
    private static String words(List<String> ids) {
        return String.join(" ", ids.stream().map(id -> id.replace("num_", "").replace("currency_", "")
                .replace("unit_", "").replace("word_", "")).toList());
    }

    @Test
    void englishMoney() {
        assertEquals("0 usd_many", en("0", MONEY));
        assertEquals("1 usd_one", en("1", MONEY));
        assertEquals("2 usd_many", en("2", MONEY));
        assertEquals("15 usd_many", en("15", MONEY));
        assertEquals("20 1 usd_many", en("21", MONEY));
        assertEquals("1 hundred usd_many", en("100", MONEY));
        assertEquals("1 hundred 1 usd_many", en("101", MONEY));
        assertEquals("9 hundred 90 9 usd_many", en("999", MONEY));
        assertEquals("1 million usd_many", en("1000000", MONEY));
        assertEquals("12 usd_many and 50 usd_cent_many", en("12.50", MONEY));
        assertEquals("1 usd_one and 1 usd_cent_one", en("1.01", MONEY));
        assertEquals("90 9 usd_cent_many", en("0.99", MONEY));
        assertEquals("1 usd_cent_one", en("0.005", MONEY));                       // rounded half-up to the cent
        assertEquals("20 1 usd_cent_many", en("0.21", MONEY));
        assertEquals("2 thousand 3 hundred 40 5 usd_many and 15 usd_cent_many", en("2345.15", MONEY));
        assertEquals("9 hundred 90 9 million 9 hundred 90 9 thousand 9 hundred 90 9 usd_many and 90 9 usd_cent_many",
                en("999999999.99", MONEY));
    }

    @Test
    void englishMinutesAndSeconds() {
        assertEquals("0 minute_many", en("0", MINUTES));
        assertEquals("1 minute_one", en("1", MINUTES));
        assertEquals("2 minute_many", en("2", MINUTES));
        assertEquals("15 minute_many", en("15", MINUTES));
        assertEquals("20 1 minute_many", en("21", MINUTES));
        assertEquals("20 3 minute_many", en("23", MINUTES));
        assertEquals("1 hundred minute_many", en("100", MINUTES));
        assertEquals("1 hundred 1 minute_many", en("101", MINUTES));
        assertEquals("9 hundred 90 9 minute_many", en("999", MINUTES));
        assertEquals("1 million minute_many", en("1000000", MINUTES));
        assertEquals("1 second_one", en("1", SECONDS));
        assertEquals("40 5 second_many", en("45.00", SECONDS));
    }

    @Test
    void spanishMoney() {
        assertEquals("0 usd_many", es("0", MONEY));                               // cero dólares
        assertEquals("1_short usd_one", es("1", MONEY));                          // un dólar
        assertEquals("2 usd_many", es("2", MONEY));                               // dos dólares
        assertEquals("15 usd_many", es("15", MONEY));                             // quince dólares
        assertEquals("21_short usd_many", es("21", MONEY));                       // veintiún dólares
        assertEquals("100 usd_many", es("100", MONEY));                           // cien dólares
        assertEquals("100_compound 1_short usd_many", es("101", MONEY));          // ciento un dólares
        assertEquals("900 90 and 9 usd_many", es("999", MONEY));                  // novecientos noventa y nueve
        assertEquals("1_short million of usd_many", es("1000000", MONEY));        // un millón de dólares
        assertEquals("2 millions of usd_many", es("2000000", MONEY));             // dos millones de dólares
        assertEquals("1_short million 1_short usd_many", es("1000001", MONEY));   // un millón un dólares
        assertEquals("12 usd_many with 50 usd_cent_many", es("12.50", MONEY));    // doce dólares con cincuenta centavos
        assertEquals("1_short usd_one with 1_short usd_cent_one", es("1.01", MONEY));
        assertEquals("21_short usd_cent_many", es("0.21", MONEY));                // veintiún centavos
        assertEquals("30 and 1_short usd_cent_many", es("0.31", MONEY));          // treinta y un centavos
        assertEquals("thousand usd_many", es("1000", MONEY));                     // mil dólares
        assertEquals("21_short thousand usd_many", es("21000", MONEY));           // veintiún mil dólares
        assertEquals("100_compound 1_short thousand 500 usd_many", es("101500", MONEY));
        assertEquals("3 eur_many with 5 eur_cent_many",                          // tres euros con cinco céntimos
                words(SpokenAmount.say(new BigDecimal("3.05"), MONEY, "EUR", "es")));
    }

    @Test
    void spanishMinutes() {
        assertEquals("0 minute_many", es("0", MINUTES));                          // cero minutos
        assertEquals("1_short minute_one", es("1", MINUTES));                     // un minuto
        assertEquals("2 minute_many", es("2", MINUTES));
        assertEquals("15 minute_many", es("15", MINUTES));
        assertEquals("21_short minute_many", es("21", MINUTES));                  // veintiún minutos
        assertEquals("23 minute_many", es("23", MINUTES));                        // veintitrés minutos
        assertEquals("100 minute_many", es("100", MINUTES));                      // cien minutos
        assertEquals("100_compound 1_short minute_many", es("101", MINUTES));     // ciento un minutos
        assertEquals("900 90 and 9 minute_many", es("999", MINUTES));
        assertEquals("1_short million of minute_many", es("1000000", MINUTES));   // un millón de minutos
    }

    @Test
    void whatCannotBeSaidIsRefusedSayingWhy() {
        assertEquals("minutes are said whole, not 1.5", assertThrows(IllegalArgumentException.class,
                () -> SpokenAmount.say(new BigDecimal("1.5"), MINUTES, "", "en")).getMessage());
        assertEquals("amount -1 is outside 0..999999999.99", assertThrows(IllegalArgumentException.class,
                () -> SpokenAmount.say(new BigDecimal("-1"), MONEY, "USD", "en")).getMessage());
        assertEquals("currency 'BDT' has no prompts; known: [EUR, MXN, USD]", assertThrows(IllegalArgumentException.class,
                () -> SpokenAmount.say(BigDecimal.ONE, MONEY, "BDT", "en")).getMessage());
        assertEquals("amounts are said in [en, es], not in 'fr'", assertThrows(IllegalArgumentException.class,
                () -> SpokenAmount.say(BigDecimal.ONE, MONEY, "USD", "fr")).getMessage());
    }

    @Test
    void everyWordSaidIsAShippedPrompt() {
        for (String language : List.of("es", "en")) {
            for (String id : SpokenAmount.promptIds(language)) {
                assertTrue(Files.exists(Path.of("../../audio", language, id + ".wav")), language + "/" + id);
            }
            for (String amount : List.of("0", "1", "21", "101", "999", "1000000", "123456789.99", "31.31")) {
                for (String currency : SpokenAmount.CURRENCIES) {
                    for (String id : SpokenAmount.say(new BigDecimal(amount), MONEY, currency, language)) {
                        assertTrue(SpokenAmount.promptIds(language).contains(id), language + "/" + id);
                    }
                }
            }
        }
    }
}
