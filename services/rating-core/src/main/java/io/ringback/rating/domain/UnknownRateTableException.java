package io.ringback.rating.domain;

/** A request named a rate table that does not exist. */
public class UnknownRateTableException extends RuntimeException {

    private final String tableId;

    public UnknownRateTableException(String tableId) {
        super("no rate table with id '" + tableId + "'");
        this.tableId = tableId;
    }

    public String tableId() {
        return tableId;
    }
}
