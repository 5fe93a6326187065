package io.ringback.rating.domain;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class E164Test {

    @ParameterizedTest
    @CsvSource({"+52 55 1234-5678, 525512345678", "52-55, 5255", "525512345678, 525512345678", "' +1 ', 1"})
    void plusSpacesAndDashesAreDropped(String raw, String normalized) {
        assertEquals(normalized, E164.normalize(raw));
    }

    @ParameterizedTest
    @ValueSource(strings = {"52a1", "ABC", "52.55", "(52)55", "", "+ -", "1234567890123456"})
    void lettersSymbolsEmptyAndOverlongAreRefused(String raw) {
        assertThrows(IllegalArgumentException.class, () -> E164.normalize(raw));
    }
}
