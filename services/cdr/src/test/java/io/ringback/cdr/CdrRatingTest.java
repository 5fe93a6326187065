package io.ringback.cdr;

import io.grpc.Status;
import io.quarkus.test.common.QuarkusTestResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.ringback.cdr.app.RatingJob;
import io.ringback.cdr.domain.LegCdr;
import io.ringback.proto.common.v1.CtdMode;
import io.ringback.proto.common.v1.LegRole;
import io.ringback.proto.common.v1.LevelCharge;
import io.ringback.proto.common.v1.Rate;
import io.ringback.proto.events.v1.HangupParty;
import io.ringback.proto.events.v1.LegState;
import io.ringback.proto.events.v1.RatedCdr;
import io.ringback.proto.events.v1.SessionEnded;
import io.ringback.proto.events.v1.SessionOutcome;
import io.ringback.proto.rating.v1.RateLegsRequest;
import io.ringback.proto.rating.v1.RateLegsResponse;
import io.ringback.proto.rating.v1.RatedLeg;
import io.ringback.proto.rating.v1.RatedLegReason;
import io.ringback.testing.AccountsDouble;
import io.ringback.testing.AccountsDoubleResource;
import io.ringback.testing.KafkaBroker;
import io.ringback.testing.KafkaTestResource;
import io.ringback.testing.PostgresTestResource;
import io.ringback.testing.RatingDouble;
import io.ringback.testing.RatingDoubleResource;
import io.ringback.testing.SteppableClock;
import io.ringback.testing.TopicReader;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.ringback.cdr.CallLegs.leg;
import static io.ringback.cdr.CallLegs.send;
import static io.ringback.cdr.CallLegs.ts;
import static io.ringback.cdr.CallLegs.typed;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rating of assembled sessions on a real broker and PostgreSQL, with accounts and rating as gRPC
 * doubles that answer what each test registers: rated CDRs published once on cdr.rated, unrated
 * ones stored with their reason and retried by the clock.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
// Restricted to this class: CdrServiceTest checks readiness against a rating that does not answer.
@QuarkusTestResource(value = AccountsDoubleResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = RatingDoubleResource.class, restrictToAnnotatedClass = true)
class CdrRatingTest {

    private static final long T0 = 1_764_151_200_000L; // 2025-11-26T10:00:00Z
    private static final String FLOW_TABLE = "flow-table-1";


    @Inject
    DataSource dataSource;

    @Inject
    SteppableClock clock;

    @Inject
    MeterRegistry meters;

    @Inject
    RatingJob ratingJob;

    /** A customer under an agent, each on its own rate plan. */
    private record Chain(UUID customer, UUID agent) {
    }

    private static Chain chain() {
        Chain chain = new Chain(UUID.randomUUID(), UUID.randomUUID());
        AccountsDouble.chain(chain.customer(), chain.agent());
        AccountsDouble.buysOn(chain.customer(), "plan-customer");
        AccountsDouble.buysOn(chain.agent(), "plan-agent");
        return chain;
    }

    @Test
    void aFlowSessionFromTheSeedIsRatedWithItsChainAndPublishedOnceOnCdrRatedWithExactChargesAndMargins()
            throws Exception {
        Chain chain = chain();
        String sessionId = UUID.randomUUID().toString();
        String legA = UUID.randomUUID().toString();
        String legB = UUID.randomUUID().toString();
        // The seed's worked example in Flow mode: one billed minute at 0.15 (0.12 to the agent's
        // parent), leg A costs 0.02 and is not charged, leg B costs 0.05.
        RatingDouble.ratedLegs(sessionId, seedRating(chain, legA, legB));

        sendFinishedSession(chain.customer(), sessionId, legA, legB);

        List<RatedCdr> published = publishedFor(chain.customer(), 2);
        RatedCdr a = published.get(0);
        RatedCdr b = published.get(1);
        assertEquals(LegCdr.originalCdrId(legA).toString(), a.getCdrId());
        assertEquals(LegCdr.originalCdrId(legB).toString(), b.getCdrId());

        assertEquals("0.150000", b.getCustomerCharge());
        assertEquals("0.050000", b.getVendorCost());
        assertEquals(60, b.getBillableSeconds());
        assertEquals(List.of("0.150000", "0.120000"), b.getChargesList().stream().map(LevelCharge::getCharge).toList());
        assertEquals(List.of("-1 0.070000", "1 0.030000"), margins(b));
        assertEquals(List.of("-1 -0.020000", "1 0.000000"), margins(a));
        assertEquals("0.000000", a.getCustomerCharge());
        assertEquals("0.020000", a.getVendorCost());
        assertEquals("FLOW_LEG_A", a.getRatedReason());
        assertEquals("BILLED", b.getRatedReason());

        // What analytics reads without joining anything.
        assertEquals(chain.customer().toString(), b.getAccountId());
        assertEquals(CtdMode.CTD_MODE_FLOW, b.getCtdMode());
        assertEquals(FLOW_TABLE, b.getFlowRateTableId());
        assertEquals("0044 7700 900123", b.getDialedNumber());
        assertEquals("99447700900123", b.getSentNumber());
        assertEquals("525599990000", b.getDid());
        assertEquals("call-" + legB, b.getSipCallId());
        assertEquals(List.of(legA), b.getPeerLegIdsList());
        assertEquals(List.of(legB), a.getPeerLegIdsList());
        assertEquals(ts(T0 + 21_000), b.getRingingTime());
        assertEquals(ts(T0 + 25_000), b.getAnswerTime());
        assertEquals(ts(T0 + 85_000), b.getEndTime());
        assertEquals(60_000, b.getDurationMs());
        assertEquals(HangupParty.HANGUP_PARTY_DESTINATION, b.getHangupBy());
        assertEquals("447", b.getVendorRate().getPrefix());
        assertEquals("0.050000", b.getVendorRate().getPricePerMinute());
        assertEquals("gw-1", b.getGatewayId());
        assertEquals("res-1", b.getReservationId());
        assertEquals("4477009", b.getDigits());
        assertEquals(false, b.getClosedByPlatform());
        // The session's last CDR releases what is left of its reservations once settled; the other none.
        assertEquals(List.of("res-1"), b.getReleaseReservationIdsList());
        assertEquals(List.of(), a.getReleaseReservationIdsList());

        // Rating was given the chain accounts answered and the legs as assembled.
        List<RateLegsRequest> asked = RatingDouble.rateLegsRequests(sessionId);
        assertEquals(1, asked.size(), "a rated session is rated once");
        RateLegsRequest request = asked.get(0);
        assertEquals(List.of(chain.customer() + " plan-customer", chain.agent() + " plan-agent"),
                request.getChainList().stream().map(l -> l.getAccountId() + " " + l.getRateTableId()).toList());
        assertEquals(CtdMode.CTD_MODE_FLOW, request.getCtdMode());
        assertEquals(FLOW_TABLE, request.getFlowRateTableId());
        assertEquals(false, request.getBillLegAWhenLegBFailed(), "no leg event asked to bill leg A without leg B");
        assertEquals(List.of(legA + " 86000 true 525512345678", legB + " 60000 true 447700900123"),
                request.getLegsList().stream().map(l -> l.getLegId() + " " + l.getDurationMs() + " " + l.getAnswered()
                        + " " + l.getNumber()).toList());

        ConsumerRecord<String, byte[]> record = TopicReader.recordsWithKey("cdr.rated", chain.customer().toString()).get(1);
        assertEquals("ringback.events.v1.RatedCdr", header(record, "ce_type"));
        assertEquals("ringback/cdr", header(record, "ce_source"));
        assertEquals(RatedCdr.parseFrom(record.value()).getEventId(), header(record, "ce_id"));
        assertEquals("application/protobuf", header(record, "content-type"));

        assertEquals(List.of("RATED 0.000000 0.020000", "RATED 0.150000 0.050000"), ratingRows(sessionId));
        assertEquals(List.of("0 " + chain.customer() + " 0.150000", "1 " + chain.agent() + " 0.120000"),
                levelCharges(LegCdr.originalCdrId(legB)));
    }

    @Test
    void aSessionAccountsCannotAnswerForIsStoredUnratedWithTheReasonAndRatedOnceWhenTheClockBringsItsRetry()
            throws Exception {
        Chain chain = chain();
        String sessionId = UUID.randomUUID().toString();
        String legA = UUID.randomUUID().toString();
        String legB = UUID.randomUUID().toString();
        RatingDouble.ratedLegs(sessionId, seedRating(chain, legA, legB));
        double ratedBefore = meters.get("ringback.cdr.rated").counter().count();
        AccountsDouble.chainFails(chain.customer(), Status.UNAVAILABLE.withDescription("accounts is down (test)"));
        try {
            sendFinishedSession(chain.customer(), sessionId, legA, legB);
            await().atMost(Duration.ofSeconds(30)).until(() -> ratingRows(sessionId).equals(List.of(
                    "UNRATED ACCOUNTS_UNAVAILABLE", "UNRATED ACCOUNTS_UNAVAILABLE")));
            assertTrue(meters.get("ringback.cdr.unrated").gauge().value() >= 2, "the alert sees them");
            assertEquals(0, outboxEventsFor(chain.customer()), "nothing is published for an unrated CDR");
            assertTrue(RatingDouble.rateLegsRequests(sessionId).isEmpty(), "rating is not asked without a chain");
        } finally {
            AccountsDouble.chainFails(chain.customer(), null);
        }

        // Accounts is back, but the retry is not due before ringback.cdr.rating.retry-initial (30 s).
        clock.step(Duration.ofSeconds(20));
        ratingJob.rateDue(); // a pass after the step sees the session not yet due
        assertEquals(List.of("UNRATED ACCOUNTS_UNAVAILABLE", "UNRATED ACCOUNTS_UNAVAILABLE"), ratingRows(sessionId));

        clock.step(Duration.ofSeconds(15));
        List<RatedCdr> published = publishedFor(chain.customer(), 2);
        assertEquals(List.of("0.000000", "0.150000"), published.stream().map(RatedCdr::getCustomerCharge).toList());
        assertEquals(List.of("RATED 0.000000 0.020000", "RATED 0.150000 0.050000"), ratingRows(sessionId));
        assertEquals(ratedBefore + 2, meters.get("ringback.cdr.rated").counter().count());
        await().atMost(Duration.ofSeconds(30)).until(() -> meters.get("ringback.cdr.outbox.backlog").gauge().value() == 0);
        clock.step(Duration.ofMinutes(20));
        ratingJob.rateDue(); // a pass long after: a rated session is never due again
        assertEquals(2, outboxEventsFor(chain.customer()), "each CDR is written to the outbox once");
        assertEquals(ratedBefore + 2, meters.get("ringback.cdr.rated").counter().count());
    }

    @Test
    void aLegWithoutARateStaysUnratedAndIsPublishedWhenTheDeckHasOneWhileItsPeerIsPublishedOnce() throws Exception {
        Chain chain = chain();
        String sessionId = UUID.randomUUID().toString();
        String legA = UUID.randomUUID().toString();
        String legB = UUID.randomUUID().toString();
        RateLegsResponse seed = seedRating(chain, legA, legB);
        RatingDouble.ratedLegs(sessionId, seed.toBuilder().setLegs(1, RatedLeg.newBuilder().setLegId(legB)
                .setRole(LegRole.LEG_ROLE_B).setReason(RatedLegReason.RATED_LEG_REASON_NO_RATE)
                .setCustomerCharge("0.000000").setVendorCost("0.050000").setCurrency("USD")
                .addCharges(levelCharge(0, chain.customer(), "0.000000"))
                .addCharges(levelCharge(1, chain.agent(), "0.000000"))).build());

        sendFinishedSession(chain.customer(), sessionId, legA, legB);
        await().atMost(Duration.ofSeconds(30)).until(() -> ratingRows(sessionId).equals(List.of(
                "RATED 0.000000 0.020000", "UNRATED NO_RATE")));
        assertEquals(1, publishedFor(chain.customer(), 1).size());

        // The deck is corrected; the retry rates leg B and leaves leg A as it was published.
        RatingDouble.ratedLegs(sessionId, seed);
        clock.step(Duration.ofSeconds(31));
        List<RatedCdr> published = publishedFor(chain.customer(), 2);
        assertEquals(List.of(LegCdr.originalCdrId(legA).toString(), LegCdr.originalCdrId(legB).toString()),
                published.stream().map(RatedCdr::getCdrId).toList());
        assertEquals("0.150000", published.get(1).getCustomerCharge());
        assertEquals(List.of(), published.get(0).getReleaseReservationIdsList(),
                "leg B was still to be rated when leg A was: leg A releases nothing");
        assertEquals(List.of("res-1"), published.get(1).getReleaseReservationIdsList());
    }

    @Test
    void aSessionWhoseOnlyLegEndedBeforeItWasAnsweredIsNeverBilledAndReleasesItsReservationItself()
            throws Exception {
        Chain chain = chain();
        String sessionId = UUID.randomUUID().toString();
        String legA = UUID.randomUUID().toString();
        String reservation = "res-" + sessionId;
        AccountsDouble.releaseFails(reservation, Status.UNAVAILABLE.withDescription("accounts is down (test)"));
        try {
            send(leg(chain.customer().toString(), sessionId, legA, LegRole.LEG_ROLE_A, LegState.LEG_STATE_ENDED,
                    3, 1, T0 + 10_000, b -> b.setAnsweredAt(ts(T0 + 10_000)).setEndedAt(ts(T0 + 9_000))
                            .setHangupBy(HangupParty.HANGUP_PARTY_USER).setReservationId(reservation)));
            send(marker(chain.customer(), sessionId, List.of(legA), 2));
            await().atMost(Duration.ofSeconds(30)).until(() -> ratingRows(sessionId).equals(List.of(
                    "UNRATED INVALID_TIMES")) && releases(reservation) == 1);
        } finally {
            AccountsDouble.releaseFails(reservation, null);
        }
        assertEquals(0, outboxEventsFor(chain.customer()), "no CDR is published, so none can release it");
        assertTrue(RatingDouble.rateLegsRequests(sessionId).isEmpty(), "nothing billable is given to rating");

        // Accounts did not answer: the release is tried again when the retry is due, and then never again.
        clock.step(Duration.ofSeconds(20));
        ratingJob.rateDue();
        assertEquals(1, releases(reservation));
        clock.step(Duration.ofSeconds(15));
        ratingJob.rateDue(); // a scheduled pass may release it at the same moment: a second release is harmless
        long released = releases(reservation);
        assertTrue(released >= 2, "released again when due");
        clock.step(Duration.ofMinutes(20));
        ratingJob.rateDue();
        assertEquals(released, releases(reservation));
        assertEquals(List.of("UNRATED INVALID_TIMES"), ratingRows(sessionId));
    }

    @Test
    void aServiceThatBillsLegAWhenLegBFailedHasItsSessionRatedSo() throws Exception {
        Chain chain = chain();
        String sessionId = UUID.randomUUID().toString();
        String legA = UUID.randomUUID().toString();
        String legB = UUID.randomUUID().toString();
        RatingDouble.ratedLegs(sessionId, RateLegsResponse.newBuilder()
                .addLegs(RatedLeg.newBuilder().setLegId(legA).setRole(LegRole.LEG_ROLE_A).setBilled(true)
                        .setReason(RatedLegReason.RATED_LEG_REASON_BILLED).setBillableSeconds(60)
                        .setCustomerCharge("0.100000").setVendorCost("0.020000").setCurrency("USD")
                        .addCharges(levelCharge(0, chain.customer(), "0.100000"))
                        .addCharges(levelCharge(1, chain.agent(), "0.080000")))
                .addLegs(RatedLeg.newBuilder().setLegId(legB).setRole(LegRole.LEG_ROLE_B)
                        .setReason(RatedLegReason.RATED_LEG_REASON_NOT_ANSWERED).setCustomerCharge("0.000000")
                        .setVendorCost("0.000000").setCurrency("USD")
                        .addCharges(levelCharge(0, chain.customer(), "0.000000"))
                        .addCharges(levelCharge(1, chain.agent(), "0.000000"))).build());
        String account = chain.customer().toString();
        send(leg(account, sessionId, legB, LegRole.LEG_ROLE_B, LegState.LEG_STATE_FAILED, 3, 1, T0 + 30_000,
                b -> b.setEndedAt(ts(T0 + 30_000)).setSipCode(486).setQ850Cause(17)
                        .setHangupBy(HangupParty.HANGUP_PARTY_DESTINATION)));
        // Only leg A's end says so: one leg event of the session is enough.
        send(leg(account, sessionId, legA, LegRole.LEG_ROLE_A, LegState.LEG_STATE_ENDED, 3, 2, T0 + 40_000,
                b -> b.setAnsweredAt(ts(T0 + 4_000)).setEndedAt(ts(T0 + 40_000))
                        .setHangupBy(HangupParty.HANGUP_PARTY_PLATFORM).setBillLegAWhenLegBFailed(true)));
        send(marker(chain.customer(), sessionId, List.of(legA, legB), 3));

        List<RatedCdr> published = publishedFor(chain.customer(), 2);
        assertEquals(List.of("0.100000", "0.000000"), published.stream().map(RatedCdr::getCustomerCharge).toList());
        assertEquals(true, RatingDouble.rateLegsRequests(sessionId).get(0).getBillLegAWhenLegBFailed());
    }

    private long releases(String reservationId) {
        return AccountsDouble.releasedReservations().stream().filter(reservationId::equals).count();
    }

    @Test
    void theBssFindsRatedCdrsByAccountAndSubtreePageByPageAndAnAgentNothingOutsideItsSubtree() throws Exception {
        Chain chain = chain();
        String sessionId = UUID.randomUUID().toString();
        String legA = UUID.randomUUID().toString();
        String legB = UUID.randomUUID().toString();
        RatingDouble.ratedLegs(sessionId, seedRating(chain, legA, legB));
        sendFinishedSession(chain.customer(), sessionId, legA, legB);
        publishedFor(chain.customer(), 2);

        // Ordered by end: leg B ended first. One per page, the cursor leads to the next.
        io.restassured.path.json.JsonPath first = bss(AccountsDouble.ADMIN_KEY)
                .get("/api/v1/cdrs?size=1&accountId=" + chain.customer()).then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(legB), first.getList("items.legId"));
        assertEquals(List.of("0.150000"), first.getList("items.customerCharge"));
        assertEquals(List.of("447700900123"), first.getList("items.calledNumber"));
        io.restassured.path.json.JsonPath second = bss(AccountsDouble.ADMIN_KEY).get("/api/v1/cdrs?size=1&accountId="
                + chain.customer() + "&after=" + first.getString("next")).then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(legA), second.getList("items.legId"));
        assertEquals(null, second.getString("next"), "the last page has no next cursor");

        assertEquals(List.of(legB, legA), bss(AccountsDouble.ADMIN_KEY).get("/api/v1/cdrs?subtree=true&accountId="
                + chain.agent()).then().statusCode(200).extract().jsonPath().getList("items.legId"));
        assertEquals(List.of(), bss(AccountsDouble.ADMIN_KEY).get("/api/v1/cdrs?accountId=" + chain.agent())
                .then().statusCode(200).extract().jsonPath().getList("items"), "the agent's own calls only");
        assertEquals(List.of(legB), bss(AccountsDouble.ADMIN_KEY).get("/api/v1/cdrs?sessionId=" + sessionId
                + "&gatewayId=gw-1").then().statusCode(200).extract().jsonPath().getList("items.legId"));

        // An agent sees its subtree without naming an account, and nothing of another subtree.
        String agentKey = "agent-key-" + UUID.randomUUID();
        AccountsDouble.agentKey(agentKey, chain.agent(), true);
        assertEquals(List.of(legB, legA), bss(agentKey).get("/api/v1/cdrs?sessionId=" + sessionId)
                .then().statusCode(200).extract().jsonPath().getList("items.legId"));
        Chain other = chain();
        String otherKey = "agent-key-" + UUID.randomUUID();
        AccountsDouble.agentKey(otherKey, other.agent(), true);
        bss(otherKey).get("/api/v1/cdrs?accountId=" + chain.customer()).then().statusCode(404);
        assertEquals(List.of(), bss(otherKey).get("/api/v1/cdrs?sessionId=" + sessionId).then().statusCode(200)
                .extract().jsonPath().getList("items"));

        bss(AccountsDouble.ADMIN_KEY).get("/api/v1/cdrs?size=0").then().statusCode(400);
        bss(AccountsDouble.ADMIN_KEY).get("/api/v1/cdrs?from=yesterday").then().statusCode(400);
        bss(AccountsDouble.ADMIN_KEY).get("/api/v1/cdrs?after=bm9wZQ").then().statusCode(400);
        io.restassured.RestAssured.given().get("/api/v1/cdrs").then().statusCode(401);
    }

    @Test
    void aDeckCorrectionReRatesASessionIntoACorrectionOfTheChangedLegWithItsDifferencePerLevelOnce()
            throws Exception {
        Chain chain = chain();
        String sessionId = UUID.randomUUID().toString();
        String legA = UUID.randomUUID().toString();
        String legB = UUID.randomUUID().toString();
        RateLegsResponse seed = seedRating(chain, legA, legB);
        RatingDouble.ratedLegs(sessionId, seed);
        sendFinishedSession(chain.customer(), sessionId, legA, legB);
        publishedFor(chain.customer(), 2);

        // The Flow deck's UK rate was wrong: 0.120000 a minute, not 0.150000; the agent's plan 0.100000.
        RatingDouble.ratedLegs(sessionId, seed.toBuilder().setLegs(1, seed.getLegs(1).toBuilder()
                .setCustomerCharge("0.120000").setRate(rate(FLOW_TABLE, "44", "0.120000")).clearCharges()
                .addCharges(levelCharge(0, chain.customer(), "0.120000"))
                .addCharges(levelCharge(1, chain.agent(), "0.100000"))).build());
        String body = "{\"sessionIds\":[\"" + sessionId + "\"]}";
        io.restassured.path.json.JsonPath result = bss(AccountsDouble.ADMIN_KEY).contentType("application/json")
                .body(body).post("/api/v1/cdrs/re-rate").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(1, 1, 1, 0), List.of(result.getInt("sessions"), result.getInt("corrected"),
                result.getInt("unchanged"), result.getInt("queued")));

        List<RatedCdr> published = publishedFor(chain.customer(), 3);
        RatedCdr correction = published.stream().filter(cdr -> !cdr.getCorrectsCdrId().isEmpty()).findFirst()
                .orElseThrow();
        assertEquals(LegCdr.originalCdrId(legB).toString(), correction.getCorrectsCdrId());
        assertEquals(legB, correction.getLegId());
        assertEquals("0.120000", correction.getCustomerCharge());
        assertEquals(List.of("0 " + chain.customer() + " -0.030000", "1 " + chain.agent() + " -0.020000"),
                correction.getChargeDifferencesList().stream()
                        .map(d -> d.getLevel() + " " + d.getAccountId() + " " + d.getAmount()).toList());
        assertEquals(List.of("0 " + chain.customer() + " 0.120000", "1 " + chain.agent() + " 0.100000"),
                levelCharges(UUID.fromString(correction.getCdrId())));

        // Re-rating again changes nothing: the correction is current and already right.
        result = bss(AccountsDouble.ADMIN_KEY).contentType("application/json").body(body)
                .post("/api/v1/cdrs/re-rate").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(0, 2), List.of(result.getInt("corrected"), result.getInt("unchanged")));
        assertEquals(3, outboxEventsFor(chain.customer()));
        // The search lists the current records: the correction in place of leg B's original.
        assertEquals(List.of(correction.getCdrId(), LegCdr.originalCdrId(legA).toString()),
                bss(AccountsDouble.ADMIN_KEY).get("/api/v1/cdrs?sessionId=" + sessionId).then().statusCode(200)
                        .extract().jsonPath().getList("items.cdrId"));

        // A time range finds the session too; an agent of another subtree cannot name it; bad input is refused.
        result = bss(AccountsDouble.ADMIN_KEY).contentType("application/json").body("{\"from\":\""
                        + java.time.Instant.ofEpochMilli(T0) + "\",\"to\":\"" + java.time.Instant.ofEpochMilli(T0 + 100_000)
                        + "\",\"accountId\":\"" + chain.customer() + "\"}")
                .post("/api/v1/cdrs/re-rate").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(1, 0, 2), List.of(result.getInt("sessions"), result.getInt("corrected"),
                result.getInt("unchanged")));
        Chain other = chain();
        String otherKey = "agent-key-" + UUID.randomUUID();
        AccountsDouble.agentKey(otherKey, other.agent(), true);
        bss(otherKey).contentType("application/json").body(body).post("/api/v1/cdrs/re-rate").then().statusCode(404);
        bss(AccountsDouble.ADMIN_KEY).contentType("application/json").body("{}").post("/api/v1/cdrs/re-rate")
                .then().statusCode(400);
        bss(AccountsDouble.ADMIN_KEY).contentType("application/json")
                .body("{\"from\":\"2026-01-02T00:00:00Z\",\"to\":\"2026-01-01T00:00:00Z\"}")
                .post("/api/v1/cdrs/re-rate").then().statusCode(400);
        io.restassured.RestAssured.given().contentType("application/json").body(body).post("/api/v1/cdrs/re-rate")
                .then().statusCode(401);
    }

    private static io.restassured.specification.RequestSpecification bss(String key) {
        return io.restassured.RestAssured.given().header("Authorization", "Bearer " + key);
    }

    private static RateLegsResponse seedRating(Chain chain, String legA, String legB) {
        return RateLegsResponse.newBuilder()
                .addLegs(RatedLeg.newBuilder().setLegId(legA).setRole(LegRole.LEG_ROLE_A).setBilled(false)
                        .setReason(RatedLegReason.RATED_LEG_REASON_FLOW_LEG_A).setBillableSeconds(0)
                        .setCustomerCharge("0.000000").setVendorCost("0.020000").setVendorBillableSeconds(60)
                        .setCurrency("USD").setPrefix("52155")
                        .setVendorRate(rate("vendor-mobile", "52155", "0.020000"))
                        .addCharges(levelCharge(0, chain.customer(), "0.000000"))
                        .addCharges(levelCharge(1, chain.agent(), "0.000000")))
                .addLegs(RatedLeg.newBuilder().setLegId(legB).setRole(LegRole.LEG_ROLE_B).setBilled(true)
                        .setReason(RatedLegReason.RATED_LEG_REASON_BILLED).setBillableSeconds(60)
                        .setCustomerCharge("0.150000").setVendorCost("0.050000").setVendorBillableSeconds(60)
                        .setCurrency("USD").setPrefix("44").setRate(rate(FLOW_TABLE, "44", "0.150000"))
                        .setVendorRate(rate("vendor-uk", "447", "0.050000"))
                        .addCharges(levelCharge(0, chain.customer(), "0.150000"))
                        .addCharges(levelCharge(1, chain.agent(), "0.120000")))
                .setTotalCustomerCharge("0.150000").setTotalVendorCost("0.070000").build();
    }

    private static Rate rate(String table, String prefix, String price) {
        return Rate.newBuilder().setRateTableId(table).setPrefix(prefix).setPricePerMinute(price)
                .setConnectFee("0.000000").setFirstIncrementSeconds(60).setNextIncrementSeconds(60).setCurrency("USD")
                .build();
    }

    private static LevelCharge levelCharge(int level, UUID account, String charge) {
        return LevelCharge.newBuilder().setLevel(level).setAccountId(account.toString())
                .setRateTableId(level == 0 ? FLOW_TABLE : "plan-agent").setPrefix("44").setBillableSeconds(60)
                .setCharge(charge).setCurrency("USD").build();
    }

    /** Leg A called back and answered, leg B answered for 60 s and hung up by the destination, then the marker. */
    private static void sendFinishedSession(UUID account, String sessionId, String legA, String legB) throws Exception {
        String accountId = account.toString();
        java.util.function.Consumer<io.ringback.proto.events.v1.LegEvent.Builder> flow = b -> b
                .setCtdMode(CtdMode.CTD_MODE_FLOW).setFlowRateTableId(FLOW_TABLE).setDid("525599990000")
                .setCallbackServiceId("service-1");
        send(leg(accountId, sessionId, legA, LegRole.LEG_ROLE_A, LegState.LEG_STATE_ANSWERED, 2, 1, T0 + 4_000,
                flow.andThen(b -> b.setAnsweredAt(ts(T0 + 4_000)).setAttempt(1).setGatewayId("gw-cb")
                        .setSipCallId("call-" + legA))));
        send(leg(accountId, sessionId, legB, LegRole.LEG_ROLE_B, LegState.LEG_STATE_ANSWERED, 2, 2, T0 + 25_000,
                flow.andThen(b -> b.setRingingAt(ts(T0 + 21_000)).setAnsweredAt(ts(T0 + 25_000)).setGatewayId("gw-1")
                        .setCostRateTableId("vendor-uk").setMaxDurationMs(600_000).setReservationId("res-1"))));
        send(leg(accountId, sessionId, legB, LegRole.LEG_ROLE_B, LegState.LEG_STATE_ENDED, 3, 3, T0 + 85_000,
                flow.andThen(b -> b.setRingingAt(ts(T0 + 21_000)).setAnsweredAt(ts(T0 + 25_000))
                        .setEndedAt(ts(T0 + 85_000)).setSipCode(200).setQ850Cause(16).setGatewayId("gw-1")
                        .setCostRateTableId("vendor-uk").setHangupBy(HangupParty.HANGUP_PARTY_DESTINATION)
                        .setDialedNumber("0044 7700 900123").setSentNumber("99447700900123").setDigits("4477009")
                        .setSipCallId("call-" + legB).setMaxDurationMs(600_000).setReservationId("res-1"))));
        send(leg(accountId, sessionId, legA, LegRole.LEG_ROLE_A, LegState.LEG_STATE_ENDED, 3, 4, T0 + 90_000,
                flow.andThen(b -> b.setAnsweredAt(ts(T0 + 4_000)).setEndedAt(ts(T0 + 90_000)).setQ850Cause(16)
                        .setHangupBy(HangupParty.HANGUP_PARTY_USER).setAttempt(1).setGatewayId("gw-cb")
                        .setCostRateTableId("vendor-mobile").setSipCallId("call-" + legA))));
        send(marker(account, sessionId, List.of(legA, legB), 5));
    }

    private static org.apache.kafka.clients.producer.ProducerRecord<String, byte[]> marker(UUID account, String sessionId,
                                                                                         List<String> legs, long sequence) {
        SessionEnded marker = SessionEnded.newBuilder().setEventId(UUID.randomUUID().toString())
                .setOccurredAt(ts(T0 + 91_000)).setSchemaVersion(1).setSessionId(sessionId).addAllLegIds(legs)
                .setOutcome(SessionOutcome.SESSION_OUTCOME_CONNECTED).setAccountId(account.toString())
                .setSessionSequence(sequence).build();
        return typed(sessionId, "ringback.events.v1.SessionEnded", marker.toByteArray());
    }

    /** The RatedCdrs on cdr.rated under the account's key once there are {@code count}, leg A first. */
    private static List<RatedCdr> publishedFor(UUID account, int count) throws Exception {
        List<RatedCdr> published = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            published.clear();
            for (ConsumerRecord<String, byte[]> record : TopicReader.recordsWithKey("cdr.rated", account.toString())) {
                published.add(RatedCdr.parseFrom(record.value()));
            }
            return published.size() >= count;
        });
        assertEquals(count, published.size(), "each rated CDR is published once");
        published.sort(Comparator.comparing(RatedCdr::getRole));
        return published;
    }

    private static List<String> margins(RatedCdr cdr) {
        return cdr.getMarginsList().stream().map(m -> m.getLevel() + " " + m.getMargin()).toList();
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    /** Each CDR of the session, leg A first: its rating status and the reason, or the rated amounts. */
    private List<String> ratingRows(String sessionId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement query = c.prepareStatement("""
                     SELECT c.rating_status, c.unrated_reason, r.customer_charge, r.vendor_cost
                     FROM cdr c LEFT JOIN rated_cdr r ON r.cdr_id = c.cdr_id WHERE c.session_id = ? ORDER BY c.role""")) {
            query.setString(1, sessionId);
            List<String> rows = new ArrayList<>();
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    rows.add(row.getString(1) + " " + ("RATED".equals(row.getString(1))
                            ? row.getBigDecimal(3).toPlainString() + " " + row.getBigDecimal(4).toPlainString()
                            : row.getString(2)));
                }
            }
            return rows;
        }
    }

    private List<String> levelCharges(UUID cdrId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement query = c.prepareStatement(
                     "SELECT level, account_id, charge FROM rated_cdr_charge WHERE cdr_id = ? ORDER BY level")) {
            query.setObject(1, cdrId);
            List<String> rows = new ArrayList<>();
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    rows.add(row.getInt(1) + " " + row.getString(2) + " " + row.getBigDecimal(3).toPlainString());
                }
            }
            return rows;
        }
    }

    private int outboxEventsFor(UUID account) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement query = c.prepareStatement(
                     "SELECT count(*) FROM outbox_event WHERE topic = 'cdr.rated' AND event_key = ?")) {
            query.setString(1, account.toString());
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }
}
