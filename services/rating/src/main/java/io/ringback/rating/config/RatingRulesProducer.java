package io.ringback.rating.config;

import io.ringback.rating.app.DeckCache;
import io.ringback.rating.domain.BillingPolicy;
import io.ringback.rating.domain.Quoter;
import io.ringback.rating.domain.RouteSelector;
import io.ringback.rating.domain.SessionRater;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import java.util.Set;

/** Wires the plain-Java rating rules to the decks held in memory and to the configuration. */
@ApplicationScoped
public class RatingRulesProducer {

    @Produces
    @ApplicationScoped
    SessionRater sessionRater(DeckCache decks, RatingConfig config) {
        return new SessionRater(decks, new BillingPolicy(config.nonBillableQ850Causes().orElse(Set.of())));
    }

    @Produces
    @ApplicationScoped
    Quoter quoter(DeckCache decks) {
        return new Quoter(decks);
    }

    @Produces
    @ApplicationScoped
    RouteSelector routeSelector(DeckCache decks) {
        return new RouteSelector(decks);
    }
}
