package io.ringback.testing;

import io.grpc.Server;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.ringback.proto.rating.v1.GetRateTableRequest;
import io.ringback.proto.rating.v1.GetRateTableResponse;
import io.ringback.proto.rating.v1.RateLegsRequest;
import io.ringback.proto.rating.v1.RateLegsResponse;
import io.ringback.proto.rating.v1.RateTableKind;
import io.ringback.proto.rating.v1.RatingServiceGrpc;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A test double of the rating service's {@code GetRateTable} for the slice tests of the services
 * that let an account (or a gateway, a service) name a rate table: the tables a test registers;
 * and of its {@code RateLegs}, answering for a session what the test registered for it (and
 * keeping every request, so a test can check what it was asked); on a real gRPC server that requires the platform service credential like every service. It can
 * be made to answer UNAVAILABLE, as an unreachable rating would. End-to-end tests use the real
 * rating service. Use with {@code @QuarkusTestResource(RatingDoubleResource.class)}.
 */
public final class RatingDouble {

    private static final Map<String, GetRateTableResponse> TABLES = new ConcurrentHashMap<>();
    private static final Map<String, RateLegsResponse> RATED_SESSIONS = new ConcurrentHashMap<>();
    private static final List<RateLegsRequest> RATE_LEGS_REQUESTS = new CopyOnWriteArrayList<>();
    private static volatile boolean unavailable;
    private static Server server;

    private RatingDouble() {
    }

    /** Starts the double once per JVM; answers its port. */
    public static synchronized int start() {
        if (server == null) {
            server = DoubleServer.start(new Service(), "rating");
        }
        return server.getPort();
    }

    /** Registers a customer table (a rate plan) of {@code owner} (null: the platform's); answers its id. */
    public static String ratePlan(String currency, UUID owner) {
        return table(RateTableKind.RATE_TABLE_KIND_CUSTOMER, currency, owner);
    }

    /** Registers a vendor cost table (the platform's); answers its id. */
    public static String vendorTable(String currency) {
        return table(RateTableKind.RATE_TABLE_KIND_VENDOR, currency, null);
    }

    private static String table(RateTableKind kind, String currency, UUID owner) {
        String id = UUID.randomUUID().toString();
        TABLES.put(id, GetRateTableResponse.newBuilder().setRateTableId(id).setName(kind.name() + "-" + id)
                .setKind(kind).setCurrency(currency).setOwnerAccountId(owner == null ? "" : owner.toString())
                .setRowCount(1).build());
        return id;
    }

    /**
     * {@code RateLegs} answers {@code answer} for the session; a session nobody registered is
     * answered NOT_FOUND (as an unknown rate table would be).
     */
    public static void ratedLegs(String sessionId, RateLegsResponse answer) {
        RATED_SESSIONS.put(sessionId, answer);
    }

    /** Every {@code RateLegs} request of the session received so far, oldest first. */
    public static List<RateLegsRequest> rateLegsRequests(String sessionId) {
        return RATE_LEGS_REQUESTS.stream().filter(request -> request.getSessionId().equals(sessionId)).toList();
    }

    /** While set, every call answers UNAVAILABLE. */
    public static void unavailable(boolean down) {
        unavailable = down;
    }

    private static final class Service extends RatingServiceGrpc.RatingServiceImplBase {

        @Override
        public void getRateTable(GetRateTableRequest request, StreamObserver<GetRateTableResponse> response) {
            if (unavailable) {
                response.onError(Status.UNAVAILABLE.withDescription("rating is down (test)").asRuntimeException());
                return;
            }
            GetRateTableResponse table = TABLES.get(request.getRateTableId());
            if (table == null) {
                response.onError(Status.NOT_FOUND.withDescription("no rate table " + request.getRateTableId())
                        .asRuntimeException());
                return;
            }
            response.onNext(table);
            response.onCompleted();
        }

        @Override
        public void rateLegs(RateLegsRequest request, StreamObserver<RateLegsResponse> response) {
            RATE_LEGS_REQUESTS.add(request);
            if (unavailable) {
                response.onError(Status.UNAVAILABLE.withDescription("rating is down (test)").asRuntimeException());
                return;
            }
            RateLegsResponse answer = RATED_SESSIONS.get(request.getSessionId());
            if (answer == null) {
                response.onError(Status.NOT_FOUND.withDescription("no rating registered for session "
                        + request.getSessionId()).asRuntimeException());
                return;
            }
            response.onNext(answer);
            response.onCompleted();
        }
    }
}
