package io.ringback.rating.adapter.rest;

import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.hibernate.validator.runtime.jaxrs.ResteasyReactiveViolationException;
import io.ringback.rest.ProblemMappers;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Quarkus maps an invalid request body (a constraint violation, a JSON value of the wrong type)
 * with its own mappers for those exact types, answering plain JSON; these, for the same types,
 * answer problem details like every other error of the API.
 */
public class RequestProblemMappers {

    private final ProblemMappers problems = new ProblemMappers();

    @ServerExceptionMapper
    public Response invalid(ResteasyReactiveViolationException e, UriInfo uri) {
        return problems.invalid(e, uri);
    }

    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e, UriInfo uri) {
        return problems.unreadable(e, uri);
    }
}
