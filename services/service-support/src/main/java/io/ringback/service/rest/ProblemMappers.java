package io.ringback.service.rest;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.hibernate.validator.runtime.jaxrs.ResteasyReactiveViolationException;
import io.ringback.common.Failure;
import io.ringback.common.FieldError;
import io.ringback.service.TransientErrors;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Turns every error a REST endpoint can raise into RFC 9457 problem details, so that a client
 * never sees an HTML page, a stack trace, an empty body or the name of a Java type. A
 * {@link Failure} says what it is; a failure of the database or of another service is a 503
 * (retry), never the client's fault; anything else is a 500 that is logged.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response failure(Failure e, UriInfo uri) {
        return respond(problem(e, path(uri)));
    }

    /** The problem details of a failure: one status per kind. */
    public static Problem problem(Failure e, String instance) {
        return new Problem(Problem.type(e.slug()), e.title(), status(e.kind()), e.getMessage(), instance, e.errors());
    }

    public static int status(Failure.Kind kind) {
        return switch (kind) {
            case INVALID -> 400;
            case UNAUTHENTICATED -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case TOO_LARGE -> 413;
            case UNPROCESSABLE -> 422;
            case EXHAUSTED, UNAVAILABLE -> 503;
        };
    }

    /**
     * Quarkus maps an invalid request body with its own mapper for this exact type (answering
     * plain JSON); mapping the same type here makes it problem details like every other error.
     */
    @ServerExceptionMapper
    public Response invalidBody(ResteasyReactiveViolationException e, UriInfo uri) {
        return invalid(e, uri);
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e, UriInfo uri) {
        List<FieldError> errors = e.getConstraintViolations().stream()
                .map(violation -> new FieldError(field(violation), violation.getMessage()))
                .sorted(Comparator.comparing(FieldError::field))
                .toList();
        return respond(new Problem(Problem.type("invalid-input"), "Invalid input", 400,
                "The request has " + errors.size() + " invalid field(s).", path(uri), errors));
    }

    /**
     * A body field of the wrong type, an unknown field, an unknown enum value: named, with what
     * is expected, in words a client understands (Jackson's own message names Java types).
     */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e, UriInfo uri) {
        String field = fieldPath(e);
        String why;
        if (e instanceof UnrecognizedPropertyException unknown) {
            why = "is not a field of this request" + known(unknown.getKnownPropertyIds());
        } else if (e instanceof InvalidFormatException format && format.getTargetType() != null
                && format.getTargetType().isEnum()) {
            why = "must be one of " + Arrays.stream(format.getTargetType().getEnumConstants())
                    .map(Object::toString).collect(Collectors.joining(", ", "[", "]"));
        } else if (e.getTargetType() != null) {
            why = "must be " + expected(e.getTargetType());
        } else {
            why = "has the wrong type";
        }
        return respond(new Problem(Problem.type("invalid-input"), "Invalid input", 400,
                field + " " + why + ".", path(uri), List.of(new FieldError(field, why))));
    }

    /** Malformed JSON: where it breaks (line and column) and what the parser expected there. */
    @ServerExceptionMapper
    public Response malformed(JsonParseException e, UriInfo uri) {
        String where = e.getLocation() == null ? ""
                : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
        return respond(new Problem(Problem.type("malformed-json"), "Malformed JSON", 400,
                "The body is not valid JSON" + where + ": " + e.getOriginalMessage(), path(uri), List.of()));
    }

    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e, UriInfo uri) {
        String field = e instanceof JsonMappingException mapping ? fieldPath(mapping) : "body";
        return respond(new Problem(Problem.type("invalid-input"), "Invalid input", 400,
                "The body cannot be read for this endpoint (" + field + ").", path(uri),
                List.of(new FieldError(field, "cannot be read"))));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (e instanceof NotFoundException && e.getCause() != null && uri != null
                && !uri.getMatchedResources().isEmpty()) {
            // A path or query parameter that does not convert (a non-UUID id, a non-number page):
            // the resource exists, the request is malformed.
            if (e.getCause() instanceof TypedParameters.InvalidParameter invalid) {
                return respond(new Problem(Problem.type("invalid-parameter"), "Invalid parameter", 400,
                        invalid.getMessage(), path(uri), List.of(new FieldError(invalid.name, invalid.why))));
            }
            return respond(new Problem(Problem.type("invalid-parameter"), "Invalid parameter", 400,
                    "A path or query parameter has the wrong format: " + conversion(e.getCause()), path(uri),
                    List.of()));
        }
        Response.Status known = Response.Status.fromStatusCode(status);
        String reason = known == null ? "HTTP " + status : known.getReasonPhrase();
        String detail = e.getMessage() == null || e.getMessage().startsWith("HTTP ") ? reason : e.getMessage();
        return respond(new Problem(Problem.type("http-" + status), reason, status, detail, path(uri), List.of()));
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e, UriInfo uri) {
        if (TransientErrors.isTransient(e)) {
            LOG.warnf(e, "a dependency failed on %s", path(uri));
            return respond(new Problem(Problem.type("service-unavailable"), "Service unavailable", 503,
                    "A service this request needs (its database or another platform service) is unavailable; "
                            + "nothing was changed. Try again.", path(uri), List.of()));
        }
        LOG.errorf(e, "unexpected error on %s", path(uri));
        return respond(new Problem(Problem.type("internal-error"), "Internal error", 500,
                "The request could not be completed; nothing was changed by it. The error is logged.",
                path(uri), List.of()));
    }

    public static Response respond(Problem problem) {
        Response.ResponseBuilder response = Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
        if (problem.status() == 401) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"ringback\"");
        }
        if (problem.status() == 503) {
            response.header(HttpHeaders.RETRY_AFTER, "1");
        }
        return response.build();
    }

    static String path(UriInfo uri) {
        return uri == null ? null : "/" + uri.getPath().replaceFirst("^/", "");
    }

    private static String fieldPath(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() == null ? "[" + ref.getIndex() + "]" : ref.getFieldName())
                .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b)
                .orElse("body");
    }

    private static String known(Collection<Object> ids) {
        if (ids == null || ids.isEmpty()) {
            return "";
        }
        return " (known fields: " + ids.stream().map(Object::toString).sorted().collect(Collectors.joining(", ")) + ")";
    }

    private static String expected(Class<?> type) {
        if (type == String.class || type.isEnum()) {
            return "a JSON string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a JSON number";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a JSON array";
        }
        return "a JSON object";
    }

    private static String conversion(Throwable cause) {
        String message = cause.getMessage();
        return message == null || message.contains("java.") || message.contains("io.") ? "it cannot be read" : message;
    }

    /** {@code create.arg0.name} → {@code name}: the JSON field, not the Java method's parameter path. */
    private static String field(ConstraintViolation<?> violation) {
        String path = violation.getPropertyPath().toString();
        String[] parts = path.split("\\.");
        return parts.length > 2 ? String.join(".", List.of(parts).subList(2, parts.length)) : parts[parts.length - 1];
    }
}
