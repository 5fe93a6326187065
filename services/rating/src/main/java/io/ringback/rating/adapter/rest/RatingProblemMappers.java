package io.ringback.rating.adapter.rest;

import io.ringback.rating.app.RatingException;
import io.ringback.rest.Problem;
import io.ringback.rest.ProblemException;
import io.ringback.rest.ProblemMappers;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Answers the rate-table use cases' refusals as RFC 9457 problem details. */
public class RatingProblemMappers {

    private final ProblemMappers problems = new ProblemMappers();

    @ServerExceptionMapper
    public Response refused(RatingException e, UriInfo uri) {
        return problems.problem(problem(e), uri);
    }

    static ProblemException problem(RatingException e) {
        if (e instanceof RatingException.TableNotFound) {
            return ProblemException.notFound("Rate table", e.getMessage());
        }
        if (e instanceof RatingException.NameTaken) {
            return ProblemException.conflict("rate-table-name-taken", "Rate table name taken", e.getMessage());
        }
        if (e instanceof RatingException.InvalidNumber) {
            return ProblemException.badRequest("invalid-number", "Invalid number", e.getMessage());
        }
        if (e instanceof RatingException.NoRate) {
            return new ProblemException(404, "no-rate", "No rate", e.getMessage());
        }
        if (e instanceof RatingException.UnreadableDeck) {
            return ProblemException.badRequest("unreadable-rate-deck", "Unreadable rate deck", e.getMessage());
        }
        RatingException.InvalidDeck invalid = (RatingException.InvalidDeck) e;
        return new ProblemException(422, "invalid-rate-deck", "Invalid rate deck", e.getMessage(),
                invalid.errors().stream().map(error -> new Problem.FieldError("line " + error.line(), error.reason())).toList());
    }
}
