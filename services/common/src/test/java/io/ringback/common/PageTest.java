package io.ringback.common;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PageTest {

    @Test
    void offsetOfValidParameters() {
        assertEquals(0, Page.offset(0, 1));
        assertEquals(1500, Page.offset(3, 500));
    }

    @Test
    void refusesPagesAndSizesOutOfBoundsNamingTheParameter() {
        assertEquals("page", assertThrows(Failure.class, () -> Page.offset(-1, 50)).errors().get(0).field());
        assertEquals("page", assertThrows(Failure.class, () -> Page.offset(Page.MAX_PAGE + 1, 50)).errors().get(0).field());
        assertEquals("size", assertThrows(Failure.class, () -> Page.offset(0, 0)).errors().get(0).field());
        assertEquals("size", assertThrows(Failure.class, () -> Page.offset(0, 501)).errors().get(0).field());
    }
}
