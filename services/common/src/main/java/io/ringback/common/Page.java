package io.ringback.common;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a list: every list endpoint of every service answers this shape.
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
    /** The largest page number: beyond it an offset is no longer a sensible way to read a list. */
    public static final int MAX_PAGE = 1_000_000;

    public Page {
        items = List.copyOf(items);
    }

    /** The same page with each item mapped (a domain row to its REST view). */
    public <R> Page<R> map(Function<? super T, ? extends R> mapper) {
        return new Page<>(items.stream().<R>map(mapper).toList(), page, size, total);
    }

    /** Checks the {@code page} and {@code size} query parameters; answers the row offset. */
    public static long offset(int page, int size) {
        if (page < 0 || page > MAX_PAGE) {
            throw Failure.invalidField("page", "must be between 0 and " + MAX_PAGE + ", got " + page);
        }
        if (size < 1 || size > MAX_SIZE) {
            throw Failure.invalidField("size", "must be between 1 and " + MAX_SIZE + ", got " + size);
        }
        return (long) page * size;
    }
}
