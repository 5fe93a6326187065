package io.ringback.signaling.core.callback;

import java.util.UUID;

/** Builds the expected {@link LegChange} of a test, field by field, from the fixture's leg A or B. */
final class Lc {

    UUID sessionId = CallFixture.SESSION;
    UUID legId;
    LegRole role;
    LegState state;
    String callerNumber;
    String calledNumber;
    String dialedNumber;
    String sentNumber;
    String did = CallFixture.DID;
    String accountId = "acc-1";
    String phoneCardId;
    String serviceId = "svc-1";
    String ctdMode = "STANDARD";
    String flowRateTableId;
    String gatewayId;
    String costRateTableId;
    int sipCode;
    int q850;
    HangupParty party = HangupParty.UNSPECIFIED;
    PlatformReason reason = PlatformReason.UNSPECIFIED;
    int attempt;
    int routeIndex;
    String digits;
    String sipCallId;
    String reservationId;
    long maxDurationMs;
    long occurredAt;
    long originatedAt;
    long ringingAt;
    long answeredAt;
    long endedAt;
    long durationMs;
    long sequence;
    long sessionSequence;

    /** Leg A of attempt {@code attempt} (leg id {@code n}), as the fixture dials it. */
    static Lc a(int n, int attempt) {
        Lc lc = new Lc();
        lc.legId = SessionHarness.leg(n);
        lc.role = LegRole.A;
        lc.callerNumber = CallFixture.DID;
        lc.calledNumber = CallFixture.USER;
        lc.dialedNumber = "015112345678";
        lc.sentNumber = "+" + CallFixture.USER;
        lc.gatewayId = "gw-cb";
        lc.costRateTableId = "cost-cb";
        lc.attempt = attempt;
        lc.sipCallId = "call-" + n;
        return lc;
    }

    /** Leg B (leg id {@code n}) to the fixture's destination through {@code route} at {@code index}. */
    static Lc b(int n, Route route, int index, String reservationId) {
        Lc lc = new Lc();
        lc.legId = SessionHarness.leg(n);
        lc.role = LegRole.B;
        lc.callerNumber = CallFixture.USER;
        lc.calledNumber = CallFixture.DESTINATION;
        lc.dialedNumber = CallFixture.ENTERED;
        lc.sentNumber = "99" + CallFixture.DESTINATION;
        lc.gatewayId = route.gatewayId();
        lc.costRateTableId = route.costRateTableId();
        lc.routeIndex = index;
        lc.digits = CallFixture.ENTERED;
        lc.sipCallId = "call-" + n;
        lc.reservationId = reservationId;
        lc.maxDurationMs = CallFixture.MAX_MS;
        return lc;
    }

    Lc state(LegState state, long at, long sequence, long sessionSequence) {
        this.state = state;
        this.occurredAt = at;
        this.sequence = sequence;
        this.sessionSequence = sessionSequence;
        return this;
    }

    Lc sip(int sipCode, int q850) {
        this.sipCode = sipCode;
        this.q850 = q850;
        return this;
    }

    Lc times(long originatedAt, long ringingAt, long answeredAt, long endedAt) {
        this.originatedAt = originatedAt;
        this.ringingAt = ringingAt;
        this.answeredAt = answeredAt;
        this.endedAt = endedAt;
        this.durationMs = state == LegState.ENDED && answeredAt > 0 ? endedAt - answeredAt : 0;
        return this;
    }

    Lc by(HangupParty party, PlatformReason reason) {
        this.party = party;
        this.reason = reason;
        return this;
    }

    Lc account(String accountId, String phoneCardId) {
        this.accountId = accountId;
        this.phoneCardId = phoneCardId;
        return this;
    }

    Lc reservation(String reservationId) {
        this.reservationId = reservationId;
        return this;
    }

    Command.PublishLeg cmd() {
        return new Command.PublishLeg(new LegChange(sessionId, legId, role, state, callerNumber, calledNumber,
                dialedNumber, sentNumber, did, accountId, phoneCardId, serviceId, ctdMode, flowRateTableId, gatewayId,
                costRateTableId, sipCode, q850, party, reason, attempt, routeIndex, digits, sipCallId, reservationId,
                maxDurationMs, occurredAt, originatedAt, ringingAt, answeredAt, endedAt, durationMs, sequence,
                sessionSequence, "sig-1"));
    }
}
