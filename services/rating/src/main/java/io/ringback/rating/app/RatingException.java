package io.ringback.rating.app;

import io.ringback.rating.domain.RowError;

import java.util.List;

/**
 * Why a rate-table use case refused a request. The REST adapter answers each kind with its
 * problem details; the use cases know nothing of HTTP.
 */
public abstract sealed class RatingException extends RuntimeException {

    private RatingException(String message) {
        super(message);
    }

    /** No rate table has the id. */
    public static final class TableNotFound extends RatingException {
        public TableNotFound(String id) {
            super("no rate table with id '" + id + "'");
        }
    }

    /** Another rate table already has the name. */
    public static final class NameTaken extends RatingException {
        public NameTaken(String name) {
            super("a rate table named '" + name + "' already exists");
        }
    }

    /** The number to look up is not a phone number. */
    public static final class InvalidNumber extends RatingException {
        public InvalidNumber(String message) {
            super(message);
        }
    }

    /** The table has no row for the number at that time. */
    public static final class NoRate extends RatingException {
        public NoRate(String message) {
            super(message);
        }
    }

    /** The CSV cannot be read at all (no or a wrong header, too many rows). */
    public static final class UnreadableDeck extends RatingException {
        public UnreadableDeck(String message) {
            super(message);
        }
    }

    /**
     * Rows of the CSV are invalid and the import refuses the file.
     *
     * @see #rejected() how many lines were rejected in all
     * @see #errors() the first of them with their reasons
     */
    public static final class InvalidDeck extends RatingException {

        private final int rejected;
        private final List<RowError> errors;

        public InvalidDeck(int rejected, List<RowError> errors) {
            super(rejected + " row(s) are invalid; nothing was imported and the table is unchanged"
                    + (errors.size() < rejected ? " (the first " + errors.size() + " are listed)" : ""));
            this.rejected = rejected;
            this.errors = List.copyOf(errors);
        }

        public int rejected() {
            return rejected;
        }

        public List<RowError> errors() {
            return errors;
        }
    }
}
