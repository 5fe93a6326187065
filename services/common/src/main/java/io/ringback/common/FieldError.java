package io.ringback.common;

/**
 * One invalid input field: its name (a JSON path such as {@code rows[3].prefix}, a query
 * parameter, a CSV {@code line 12}) and why it was refused.
 */
public record FieldError(String field, String message) {
}
