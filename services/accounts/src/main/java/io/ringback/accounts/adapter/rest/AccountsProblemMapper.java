package io.ringback.accounts.adapter.rest;

import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.ringback.accounts.domain.AccountsException;
import io.ringback.rest.Problem;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;

/** Refusals of the accounts rules as RFC 9457 problem details. */
public class AccountsProblemMapper {

    /**
     * A body field of the wrong type or an unknown enum value: Quarkus would answer its own
     * (non-problem) 400 for this Jackson exception, so it is mapped here, naming the field.
     */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e, UriInfo uri) {
        String field = e.getPath().stream().map(ref -> ref.getFieldName() == null ? "[" + ref.getIndex() + "]"
                : ref.getFieldName()).reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b).orElse("body");
        return Response.status(400).type(Problem.MEDIA_TYPE)
                .entity(new Problem(Problem.type("unreadable-body"), "Unreadable request body", 400,
                        "The body is not valid JSON for this endpoint: " + e.getOriginalMessage(), path(uri),
                        List.of(new Problem.FieldError(field, "wrong type or unknown value"))))
                .build();
    }

    @ServerExceptionMapper
    public Response refused(AccountsException e, UriInfo uri) {
        int status = switch (e.kind()) {
            case INVALID -> 400;
            case UNAUTHENTICATED -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case UNPROCESSABLE -> 422;
        };
        Response.ResponseBuilder response = Response.status(status).type(Problem.MEDIA_TYPE)
                .entity(new Problem(Problem.type(e.slug()), e.title(), status, e.getMessage(),
                        path(uri), null));
        if (status == 401) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"ringback\"");
        }
        return response.build();
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : "/" + uri.getPath().replaceFirst("^/", "");
    }
}
