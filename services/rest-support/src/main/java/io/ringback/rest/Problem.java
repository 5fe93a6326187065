package io.ringback.rest;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.net.URI;
import java.util.List;

/**
 * An RFC 9457 problem details document ({@code application/problem+json}).
 *
 * @param type     identifies the problem type; {@code https://ringback.io/problems/<slug>}
 * @param title    short summary of the problem type, the same for every occurrence
 * @param status   the HTTP status code
 * @param detail   what went wrong this time, for a human
 * @param instance the request path the problem occurred on
 * @param errors   for invalid input: each offending field and why (extension member)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(URI type, String title, int status, String detail, String instance, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_BASE = "https://ringback.io/problems/";

    /** One invalid input field: its name (a JSON path such as {@code rows[3].prefix}) and why. */
    public record FieldError(String field, String message) {
    }

    public static URI type(String slug) {
        return URI.create(TYPE_BASE + slug);
    }
}
