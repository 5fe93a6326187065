package io.ringback.signaling.adapter.kafka;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.ringback.proto.common.v1.CtdMode;
import io.ringback.proto.events.EventTopics;
import io.ringback.proto.events.v1.LegEvent;
import io.ringback.proto.events.v1.SessionEnded;
import io.ringback.signaling.core.callback.Command;
import io.ringback.signaling.core.callback.HangupParty;
import io.ringback.signaling.core.callback.LegChange;
import io.ringback.signaling.core.callback.LegRole;
import io.ringback.signaling.core.callback.LegState;
import io.ringback.signaling.core.callback.PlatformReason;
import io.ringback.signaling.core.callback.SessionEnd;
import io.ringback.signaling.core.callback.SessionOutcome;
import io.ringback.testing.KafkaTestResource;
import io.ringback.testing.PostgresTestResource;
import io.ringback.testing.TopicReader;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A scripted session's leg changes and its end marker, through the outbox, read back from call.legs. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
class LegEventOutboxTest {

    private static final long T = 1_796_000_000_000L;

    @Inject
    LegEventOutbox legEvents;

    private static LegChange legA(UUID session, UUID leg, LegState state, long seq, long sessionSeq, long at,
                                  long answeredAt, long endedAt, HangupParty party, PlatformReason reason,
                                  int sipCode, int cause) {
        return new LegChange(session, leg, LegRole.A, state, "525512340000", "525512340000", null,
                "0052525512340000", "525580001000", "acc-7", null, "svc-1", "FLOW", "flow-1", "gw-a",
                "cost-a", sipCode, cause, party, reason, 2, 0, null, "a-call@ringback", null, 0, at, T,
                state == LegState.ORIGINATED ? 0 : T + 1_000, answeredAt, endedAt,
                endedAt > 0 ? endedAt - answeredAt : 0, seq, sessionSeq, "signaling-1");
    }

    @Test
    void aSessionsChangesReachCallLegsInOrderFieldByFieldWithTheMarkerLast() throws Exception {
        UUID session = UUID.randomUUID();
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        List<Command> script = List.of(
                new Command.PublishLeg(legA(session, a, LegState.ORIGINATED, 1, 1, T, 0, 0,
                        HangupParty.UNSPECIFIED, PlatformReason.UNSPECIFIED, 0, 0)),
                new Command.PublishLeg(legA(session, a, LegState.ANSWERED, 2, 2, T + 3_000, T + 3_000, 0,
                        HangupParty.UNSPECIFIED, PlatformReason.UNSPECIFIED, 200, 16)),
                new Command.PublishLeg(new LegChange(session, b, LegRole.B, LegState.FAILED, "525512340000",
                        "4915112345678", "004915112345678", "99#4915112345678", "525580001000", "acc-7", "card-9",
                        "svc-1", "FLOW", "flow-1", "gw-b", "cost-b", 503, 41, HangupParty.DESTINATION,
                        PlatformReason.UNSPECIFIED, 1, 1, "004915112345678", "b-call@ringback", "res-1",
                        120_000, T + 9_500, T + 9_000, 0, 0, T + 9_500, 0, 1, 3, "signaling-1")),
                new Command.PublishLeg(legA(session, a, LegState.ENDED, 3, 4, T + 20_000, T + 3_000, T + 20_000,
                        HangupParty.PLATFORM, PlatformReason.NO_ROUTE, 0, 16)),
                new Command.PublishEnd(new SessionEnd(session, List.of(a, b), SessionOutcome.NOT_CONNECTED,
                        HangupParty.PLATFORM, PlatformReason.NO_ROUTE, "acc-7", "card-9", "svc-1", List.of("res-1"),
                        T - 5_000, T + 20_001, 5)));
        for (Command command : script) {
            legEvents.publish(command);
        }

        List<ConsumerRecord<String, byte[]>> records = TopicReader.recordsWithKey(EventTopics.CALL_LEGS,
                session.toString());
        assertEquals(5, records.size());
        List<String> types = records.stream()
                .map(r -> new String(r.headers().lastHeader(EventTopics.HEADER_TYPE).value(), StandardCharsets.UTF_8))
                .toList();
        assertEquals(List.of("ringback.events.v1.LegEvent", "ringback.events.v1.LegEvent",
                "ringback.events.v1.LegEvent", "ringback.events.v1.LegEvent", "ringback.events.v1.SessionEnded"), types);

        LegEvent answered = LegEvent.parseFrom(records.get(1).value());
        assertEquals(1, answered.getSchemaVersion());
        assertEquals(session.toString(), answered.getSessionId());
        assertEquals(a.toString(), answered.getLegId());
        assertEquals(io.ringback.proto.common.v1.LegRole.LEG_ROLE_A, answered.getRole());
        assertEquals(io.ringback.proto.events.v1.LegState.LEG_STATE_ANSWERED, answered.getState());
        assertEquals(200, answered.getSipCode());
        assertEquals(16, answered.getQ850Cause());
        assertEquals(2, answered.getAttempt());
        assertEquals("0052525512340000", answered.getSentNumber());
        assertEquals("", answered.getDialedNumber());
        assertEquals(CtdMode.CTD_MODE_FLOW, answered.getCtdMode());
        assertEquals("flow-1", answered.getFlowRateTableId());
        assertEquals("a-call@ringback", answered.getSipCallId());
        assertEquals((T + 3_000) / 1000, answered.getAnsweredAt().getSeconds());
        assertEquals(T / 1000, answered.getOriginatedAt().getSeconds());
        assertFalse(answered.hasEndedAt());
        assertEquals(2, answered.getSessionSequence());

        LegEvent failed = LegEvent.parseFrom(records.get(2).value());
        assertEquals(io.ringback.proto.common.v1.LegRole.LEG_ROLE_B, failed.getRole());
        assertEquals(io.ringback.proto.events.v1.LegState.LEG_STATE_FAILED, failed.getState());
        assertEquals(503, failed.getSipCode());
        assertEquals(41, failed.getQ850Cause());
        assertEquals(io.ringback.proto.events.v1.HangupParty.HANGUP_PARTY_DESTINATION, failed.getHangupBy());
        assertEquals("004915112345678", failed.getDialedNumber());
        assertEquals("99#4915112345678", failed.getSentNumber());
        assertEquals("4915112345678", failed.getCalledNumber());
        assertEquals("004915112345678", failed.getDigits());
        assertEquals("gw-b", failed.getGatewayId());
        assertEquals("cost-b", failed.getCostRateTableId());
        assertEquals(1, failed.getRouteIndex());
        assertEquals("res-1", failed.getReservationId());
        assertEquals("card-9", failed.getPhoneCardId());
        assertEquals(120_000, failed.getMaxDurationMs());
        assertEquals(T / 1000 + 9, failed.getEndedAt().getSeconds());
        assertEquals(500_000_000, failed.getEndedAt().getNanos());
        assertFalse(failed.hasAnsweredAt());
        assertEquals("signaling-1", failed.getInstanceId());

        LegEvent ended = LegEvent.parseFrom(records.get(3).value());
        assertEquals(io.ringback.proto.events.v1.PlatformReason.PLATFORM_REASON_NO_ROUTE, ended.getPlatformReason());
        assertEquals(io.ringback.proto.events.v1.HangupParty.HANGUP_PARTY_PLATFORM, ended.getHangupBy());
        assertEquals(17_000, ended.getDurationMs());
        assertEquals(4, ended.getSessionSequence());

        SessionEnded marker = SessionEnded.parseFrom(records.get(4).value());
        assertEquals(List.of(a.toString(), b.toString()), marker.getLegIdsList());
        assertEquals(io.ringback.proto.events.v1.SessionOutcome.SESSION_OUTCOME_NOT_CONNECTED, marker.getOutcome());
        assertEquals(io.ringback.proto.events.v1.PlatformReason.PLATFORM_REASON_NO_ROUTE, marker.getPlatformReason());
        assertEquals(List.of("res-1"), marker.getReservationIdsList());
        assertEquals("card-9", marker.getPhoneCardId());
        assertEquals("acc-7", marker.getAccountId());
        assertEquals(5, marker.getSessionSequence());
        assertEquals((T - 5_000) / 1000, marker.getStartedAt().getSeconds());

        List<String> eventIds = records.stream().map(r -> new String(r.headers().lastHeader(EventTopics.HEADER_ID)
                .value(), StandardCharsets.UTF_8)).distinct().toList();
        assertEquals(5, eventIds.size(), "each event has its own id");
        assertTrue(eventIds.contains(answered.getEventId()));
    }

    @Test
    void aCommandThatIsNoLegEventIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> legEvents.publish(new Command.CancelTimer(io.ringback.signaling.core.callback.Timer.values()[0])));
    }
}
