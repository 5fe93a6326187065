package io.ringback.rating.domain;

/** A CSV rate deck that cannot be read at all (no or a wrong header, too many rows). */
public class CsvDeckException extends RuntimeException {

    public CsvDeckException(String message) {
        super(message);
    }
}
