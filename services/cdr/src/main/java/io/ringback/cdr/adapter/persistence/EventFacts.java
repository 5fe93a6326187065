package io.ringback.cdr.adapter.persistence;

import com.google.protobuf.Timestamp;
import io.ringback.cdr.domain.LegFact;
import io.ringback.cdr.domain.LegRole;
import io.ringback.cdr.domain.LegState;
import io.ringback.cdr.domain.SessionEnd;
import io.ringback.proto.events.v1.LegEvent;
import io.ringback.proto.events.v1.SessionEnded;

import java.time.Instant;

/** The contract's events as the assembly's facts: enum values by their name without prefix, unset as empty/null. */
final class EventFacts {

    private EventFacts() {
    }

    static LegFact fact(LegEvent e) {
        return new LegFact(e.getEventId(), e.getSessionId(), e.getLegId(), role(e), state(e), e.getSequence(),
                e.getSessionSequence(), instant(e.getOccurredAt()), e.getCallerNumber(), e.getCalledNumber(),
                e.getDialedNumber(), e.getSentNumber(), e.getDid(), e.getAccountId(), e.getPhoneCardId(),
                e.getCallbackServiceId(), name(e.getCtdMode().name(), "CTD_MODE_"), e.getFlowRateTableId(),
                e.getGatewayId(), e.getCostRateTableId(), e.getRouteIndex(), e.getAttempt(), e.getSipCode(),
                e.getQ850Cause(), name(e.getHangupBy().name(), "HANGUP_PARTY_"),
                name(e.getPlatformReason().name(), "PLATFORM_REASON_"),
                e.hasOriginatedAt() ? instant(e.getOriginatedAt()) : null,
                e.hasRingingAt() ? instant(e.getRingingAt()) : null,
                e.hasAnsweredAt() ? instant(e.getAnsweredAt()) : null,
                e.hasEndedAt() ? instant(e.getEndedAt()) : null, e.getDurationMs(), e.getReservationId(),
                e.getSipCallId(), e.getDigits(), e.getMaxDurationMs(), e.getInstanceId(),
                e.getBillLegAWhenLegBFailed());
    }

    static SessionEnd marker(SessionEnded m) {
        return new SessionEnd(m.getEventId(), m.getSessionId(), instant(m.getOccurredAt()), m.getLegIdsList(),
                name(m.getOutcome().name(), "SESSION_OUTCOME_"), name(m.getHangupBy().name(), "HANGUP_PARTY_"),
                name(m.getPlatformReason().name(), "PLATFORM_REASON_"), m.getAccountId(), m.getReservationIdsList(),
                m.getSessionSequence(), m.hasStartedAt() ? instant(m.getStartedAt()) : null,
                m.getCallbackServiceId(), m.getPhoneCardId());
    }

    private static LegRole role(LegEvent e) {
        return switch (e.getRole()) {
            case LEG_ROLE_A -> LegRole.A;
            case LEG_ROLE_B -> LegRole.B;
            default -> null;
        };
    }

    private static LegState state(LegEvent e) {
        return switch (e.getState()) {
            case LEG_STATE_RINGING -> LegState.RINGING;
            case LEG_STATE_ANSWERED -> LegState.ANSWERED;
            case LEG_STATE_ENDED -> LegState.ENDED;
            case LEG_STATE_FAILED -> LegState.FAILED;
            default -> LegState.ORIGINATED;
        };
    }

    /** {@code CTD_MODE_STANDARD} → {@code STANDARD}; an UNSPECIFIED (or unknown) value → empty. */
    private static String name(String value, String prefix) {
        String name = value.startsWith(prefix) ? value.substring(prefix.length()) : "";
        return name.equals("UNSPECIFIED") || name.equals("UNRECOGNIZED") ? "" : name;
    }

    private static Instant instant(Timestamp time) {
        return Instant.ofEpochSecond(time.getSeconds(), time.getNanos());
    }
}
