package io.ringback.cdr.adapter.kafka;

import static io.ringback.cdr.adapter.Protos.ctdMode;
import static io.ringback.cdr.adapter.Protos.role;
import static io.ringback.cdr.adapter.Protos.text;
import static io.ringback.cdr.adapter.Protos.timestamp;

import io.ringback.cdr.adapter.persistence.RatingRepository.LevelChargeRow;
import io.ringback.cdr.adapter.persistence.RatingRepository.RatedRow;
import io.ringback.cdr.domain.LegCdr;
import io.ringback.cdr.domain.LegClosure;
import io.ringback.cdr.domain.Margins;
import io.ringback.cdr.domain.SessionRecord;
import io.ringback.cdr.domain.SessionToRate;
import io.ringback.common.Money;
import io.ringback.proto.common.v1.LevelCharge;
import io.ringback.proto.events.v1.HangupParty;
import io.ringback.proto.events.v1.LevelMargin;
import io.ringback.proto.events.v1.PlatformReason;
import io.ringback.proto.events.v1.RatedCdr;
import io.ringback.proto.rating.v1.RatedLeg;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The public {@code RatedCdr} of one leg CDR and its rating (docs/events.md), and its stored row. */
public final class RatedCdrs {

    /** The schema version of the RatedCdr this service writes. */
    public static final int SCHEMA_VERSION = 1;

    private RatedCdrs() {
    }

    /** The event id of a CDR's RatedCdr: the same however often the CDR is rated. */
    public static UUID eventId(UUID cdrId) {
        return UUID.nameUUIDFromBytes(("ringback-cdr-rated:" + cdrId).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The RatedCdr of {@code leg} as rating answered it; amounts rating sent are checked to be
     * decimals that fit (an {@link IllegalArgumentException} names the one that does not).
     */
    public static RatedCdr of(SessionToRate toRate, LegCdr leg, RatedLeg rated, Instant now) {
        SessionRecord session = toRate.session();
        BigDecimal customerCharge = Money.parseNonNegative("customer_charge", rated.getCustomerCharge());
        BigDecimal vendorCost = Money.parseNonNegative("vendor_cost", rated.getVendorCost());
        List<Margins.Charge> charges = rated.getChargesList().stream()
                .map(c -> new Margins.Charge(c.getLevel(), c.getAccountId(),
                        Money.parseNonNegative("charge of level " + c.getLevel(), c.getCharge()), c.getCurrency()))
                .toList();
        RatedCdr.Builder cdr = RatedCdr.newBuilder()
                .setEventId(eventId(leg.cdrId()).toString())
                .setOccurredAt(timestamp(now))
                .setSchemaVersion(SCHEMA_VERSION)
                .setCdrId(leg.cdrId().toString())
                .setSessionId(leg.sessionId())
                .setLegId(leg.legId())
                .setRole(role(leg.role()))
                .setAccountId(session.accountId())
                .setCallerNumber(leg.callerNumber())
                .setCalledNumber(leg.calledNumber())
                .setEndTime(timestamp(leg.endedAt()))
                .setDurationMs(leg.durationMs())
                .setBillableSeconds(rated.getBillableSeconds())
                .setCtdMode(ctdMode(session.ctdMode()))
                .addAllCharges(rated.getChargesList())
                .setCustomerCharge(Money.format(customerCharge))
                .setVendorCost(Money.format(vendorCost))
                .setCurrency(rated.getCurrency())
                .setGatewayId(leg.gatewayId())
                .setPrefix(rated.getPrefix())
                .setSipCode(leg.sipCode())
                .setQ850Cause(leg.q850Cause())
                .setReservationId(leg.reservationId())
                .setBilled(rated.getBilled())
                .setCallbackServiceId(text(session.callbackServiceId()))
                .setCostRateTableId(leg.costRateTableId())
                .setDialedNumber(leg.dialedNumber())
                .setSentNumber(leg.sentNumber())
                .setDid(text(session.did()))
                .setSipCallId(leg.sipCallId())
                .setHangupBy(hangupBy(leg.hangupBy()))
                .setPlatformReason(platformReason(leg.platformReason()))
                .addAllPeerLegIds(toRate.peersOf(leg))
                .setFlowRateTableId(text(session.flowRateTableId()))
                .setVendorBillableSeconds(rated.getVendorBillableSeconds())
                .setAttempt(leg.attempt())
                .setRouteIndex(leg.routeIndex())
                .setDigits(leg.digits())
                .setPhoneCardId(text(session.phoneCardId()))
                .setClosedByPlatform(leg.closure() != LegClosure.REPORTED)
                .setRatedReason(rated.getReason().name().replaceFirst("^RATED_LEG_REASON_", ""));
        if (leg.originatedAt() != null) {
            cdr.setStartTime(timestamp(leg.originatedAt()));
        }
        if (leg.ringingAt() != null) {
            cdr.setRingingTime(timestamp(leg.ringingAt()));
        }
        if (leg.answeredAt() != null) {
            cdr.setAnswerTime(timestamp(leg.answeredAt()));
        }
        if (rated.hasRate()) {
            cdr.setRate(rated.getRate());
        }
        if (rated.hasVendorRate()) {
            cdr.setVendorRate(rated.getVendorRate());
        }
        String costCurrency = rated.hasVendorRate() ? rated.getVendorRate().getCurrency() : "";
        for (Margins.Margin margin : Margins.of(charges, vendorCost, costCurrency)) {
            cdr.addMargins(LevelMargin.newBuilder().setLevel(margin.level()).setAccountId(margin.accountId())
                    .setMargin(margin.amount() == null ? "" : Money.format(margin.amount()))
                    .setCurrency(margin.currency()));
        }
        return cdr.build();
    }

    /** The row stored for {@code cdr} in rated_cdr and rated_cdr_charge. */
    public static RatedRow row(RatedCdr cdr, LegCdr leg) {
        List<LevelChargeRow> charges = cdr.getChargesList().stream().map(RatedCdrs::charge).toList();
        return new RatedRow(UUID.fromString(cdr.getCdrId()), leg.cdrId(),
                cdr.getCorrectsCdrId().isEmpty() ? null : UUID.fromString(cdr.getCorrectsCdrId()),
                UUID.fromString(cdr.getEventId()), cdr.getSessionId(), cdr.getLegId(),
                cdr.getAccountId(), leg.role() == null ? "" : leg.role().name(), cdr.getGatewayId(), leg.endedAt(), cdr.getBilled(),
                cdr.getRatedReason(), cdr.getBillableSeconds(), new BigDecimal(cdr.getCustomerCharge()),
                new BigDecimal(cdr.getVendorCost()), cdr.getCurrency(), cdr.getPrefix(), cdr.toByteArray(), charges);
    }

    private static LevelChargeRow charge(LevelCharge c) {
        return new LevelChargeRow(c.getLevel(), c.getAccountId(), c.getRateTableId(), c.getPrefix(),
                c.getBillableSeconds(), new BigDecimal(c.getCharge()), c.getCurrency());
    }

    private static HangupParty hangupBy(String party) {
        return text(party).isEmpty() ? HangupParty.HANGUP_PARTY_UNSPECIFIED : HangupParty.valueOf("HANGUP_PARTY_" + party);
    }

    private static PlatformReason platformReason(String reason) {
        return text(reason).isEmpty() ? PlatformReason.PLATFORM_REASON_UNSPECIFIED
                : PlatformReason.valueOf("PLATFORM_REASON_" + reason);
    }
}
