package io.ringback.rest;

import java.util.List;

/**
 * One page of a list: every list endpoint answers this shape.
 *
 * @param items the items of this page
 * @param page  the page number, from 0
 * @param size  the page size asked for
 * @param total how many items there are in all
 */
public record Page<T>(List<T> items, int page, int size, long total) {

    /** The largest page size a client may ask for. */
    public static final int MAX_SIZE = 500;
    public static final int DEFAULT_SIZE = 50;

    /** Checks {@code page} and {@code size} query parameters; answers the row offset. */
    public static long offset(int page, int size) {
        if (page < 0) {
            throw ProblemException.badRequest("invalid-page", "Invalid page", "page must be 0 or more, got " + page);
        }
        if (size < 1 || size > MAX_SIZE) {
            throw ProblemException.badRequest("invalid-page", "Invalid page",
                    "size must be between 1 and " + MAX_SIZE + ", got " + size);
        }
        return (long) page * size;
    }
}
