package io.ringback.common;

import java.util.List;
import java.util.Objects;

/**
 * The one way a use case refuses a request, independent of the protocol. REST answers it as RFC
 * 9457 problem details and gRPC as a status, each mapping written once (in service-support).
 *
 * <p>{@code slug} names the problem type ({@code https://ringback.io/problems/<slug>}), the same for
 * every occurrence of the problem; {@code title} is its short summary; the message is the detail
 * of this occurrence, written for a human and never naming a Java type.
 */
public class Failure extends RuntimeException {

    /** What kind of refusal; each protocol has one answer per kind. */
    public enum Kind {
        /** The request is malformed or a value is out of its bounds (REST 400, gRPC INVALID_ARGUMENT). */
        INVALID,
        /** No credential, or an unknown one (401, UNAUTHENTICATED). */
        UNAUTHENTICATED,
        /** The caller is known but may not do this (403, PERMISSION_DENIED). */
        FORBIDDEN,
        /** It does not exist, or not for this caller (404, NOT_FOUND). */
        NOT_FOUND,
        /** It contradicts the current state (409, FAILED_PRECONDITION). */
        CONFLICT,
        /** The body is larger than the endpoint accepts (413, INVALID_ARGUMENT). */
        TOO_LARGE,
        /** Well-formed, but a rule refuses it (422, INVALID_ARGUMENT). */
        UNPROCESSABLE,
        /** A limited resource is used up (503, RESOURCE_EXHAUSTED). */
        EXHAUSTED,
        /** Something the request needs (a database, another service) is unavailable: try again (503, UNAVAILABLE). */
        UNAVAILABLE
    }

    private final Kind kind;
    private final String slug;
    private final String title;
    private final List<FieldError> errors;

    public Failure(Kind kind, String slug, String title, String detail) {
        this(kind, slug, title, detail, List.of(), null);
    }

    public Failure(Kind kind, String slug, String title, String detail, Throwable cause) {
        this(kind, slug, title, detail, List.of(), cause);
    }

    private Failure(Kind kind, String slug, String title, String detail, List<FieldError> errors, Throwable cause) {
        super(detail, cause);
        this.kind = Objects.requireNonNull(kind);
        this.slug = Objects.requireNonNull(slug);
        this.title = Objects.requireNonNull(title);
        this.errors = List.copyOf(errors);
    }

    public static Failure invalid(String slug, String title, String detail) {
        return new Failure(Kind.INVALID, slug, title, detail);
    }

    /** An invalid value of one named field (a body field, a query or path parameter). */
    public static Failure invalidField(String field, String why) {
        return new Failure(Kind.INVALID, "invalid-input", "Invalid input", field + " " + why)
                .withErrors(List.of(new FieldError(field, why)));
    }

    public static Failure unauthenticated(String detail) {
        return new Failure(Kind.UNAUTHENTICATED, "unauthenticated", "Authentication required", detail);
    }

    public static Failure forbidden(String slug, String title, String detail) {
        return new Failure(Kind.FORBIDDEN, slug, title, detail);
    }

    /** {@code what} is the kind of thing, e.g. "Account"; the title becomes "Account not found". */
    public static Failure notFound(String what, String detail) {
        return new Failure(Kind.NOT_FOUND, "not-found", what + " not found", detail);
    }

    public static Failure conflict(String slug, String title, String detail) {
        return new Failure(Kind.CONFLICT, slug, title, detail);
    }

    public static Failure tooLarge(String slug, String title, String detail) {
        return new Failure(Kind.TOO_LARGE, slug, title, detail);
    }

    public static Failure unprocessable(String slug, String title, String detail) {
        return new Failure(Kind.UNPROCESSABLE, slug, title, detail);
    }

    public static Failure exhausted(String slug, String title, String detail) {
        return new Failure(Kind.EXHAUSTED, slug, title, detail);
    }

    public static Failure unavailable(String slug, String title, String detail, Throwable cause) {
        return new Failure(Kind.UNAVAILABLE, slug, title, detail, List.of(), cause);
    }

    /** The same failure with the offending fields listed. */
    public Failure withErrors(List<FieldError> fieldErrors) {
        Failure copy = new Failure(kind, slug, title, getMessage(), fieldErrors, getCause());
        copy.setStackTrace(getStackTrace());
        return copy;
    }

    public Kind kind() {
        return kind;
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    public List<FieldError> errors() {
        return errors;
    }
}
