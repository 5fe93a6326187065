package io.ringback.service.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.ringback.common.FieldError;

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
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(URI type, String title, int status, String detail, String instance, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_BASE = "https://ringback.io/problems/";

    public static URI type(String slug) {
        return URI.create(TYPE_BASE + slug);
    }
}
