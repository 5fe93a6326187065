package io.ringback.testing;

import io.grpc.Server;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.restassured.RestAssured;
import io.restassured.builder.RequestSpecBuilder;
import io.ringback.common.Authorization;
import io.ringback.proto.accounts.v1.AccountsServiceGrpc;
import io.ringback.proto.accounts.v1.AuthenticateRequest;
import io.ringback.proto.accounts.v1.AuthenticateResponse;
import io.ringback.proto.accounts.v1.AuthorizeCallerReason;
import io.ringback.proto.accounts.v1.AuthorizeCallerRequest;
import io.ringback.proto.accounts.v1.AuthorizeCallerResponse;
import io.ringback.proto.accounts.v1.GetAccountChainRequest;
import io.ringback.proto.accounts.v1.GetAccountChainResponse;
import io.ringback.proto.accounts.v1.RatePlanUsageRequest;
import io.ringback.proto.accounts.v1.RatePlanUsageResponse;
import io.ringback.proto.accounts.v1.ReleaseFundsRequest;
import io.ringback.proto.accounts.v1.ReleaseFundsResponse;
import io.ringback.proto.common.v1.AccountStatus;
import io.ringback.proto.common.v1.ChainLevel;
import io.ringback.proto.common.v1.CtdMode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A test double of the accounts service's gRPC contract for the slice tests of the other
 * services: the principals of API keys and the chains of accounts a test registers, answered
 * through {@code Authenticate} and {@code GetAccountChain}, and how many accounts buy on a rate
 * table through {@code RatePlanUsage}, the callers {@code AuthorizeCaller} admits or refuses, and
 * the {@code ReleaseFunds} requests it received (answered released, or failed as a test says),
 * on a real gRPC server that, like every
 * service, requires the platform service credential. End-to-end tests use the real accounts
 * service instead. Use with {@code @QuarkusTestResource(AccountsDoubleResource.class)}.
 */
public final class AccountsDouble {

    /** The service credential of every test application ({@code %test.ringback.platform.service-token}). */
    public static final String SERVICE_TOKEN = "ringback-test-service-token-0123456789abcdef";
    /** The platform admin key the double knows. */
    public static final String ADMIN_KEY = "ringback-test-admin-key-0123456789abcdefghij";

    private record Agent(UUID accountId, boolean active, List<Authorization> authorizations) {
    }

    private static final Map<String, Agent> KEYS = new ConcurrentHashMap<>();
    private static final Map<UUID, List<ChainLevel>> CHAINS = new ConcurrentHashMap<>();
    private static final Map<String, Long> RATE_PLAN_USAGE = new ConcurrentHashMap<>();
    private static final Map<String, AuthorizeCallerResponse> CALLERS = new ConcurrentHashMap<>();
    private static final Map<String, Status> CALLER_FAILURES = new ConcurrentHashMap<>();
    private static final Map<String, Status> CHAIN_FAILURES = new ConcurrentHashMap<>();
    private static final List<AuthorizeCallerRequest> AUTHORIZE_CALLER_REQUESTS = new CopyOnWriteArrayList<>();
    private static final Map<String, Status> RELEASE_FAILURES = new ConcurrentHashMap<>();
    private static final List<ReleaseFundsRequest> RELEASE_FUNDS_REQUESTS = new CopyOnWriteArrayList<>();
    private static Server server;

    private AccountsDouble() {
    }

    /** Starts the double once per JVM; answers its port. */
    public static synchronized int start() {
        if (server == null) {
            server = DoubleServer.start(new Service(), "accounts");
        }
        return server.getPort();
    }

    /**
     * Every REST request a test sends without its own {@code Authorization} header carries the
     * admin key of the double.
     */
    public static void restAsAdmin() {
        RestAssured.requestSpecification = new RequestSpecBuilder()
                .addHeader("Authorization", "Bearer " + ADMIN_KEY).build();
    }

    /** An agent API key of {@code accountId} holding the given authorizations. */
    public static void agentKey(String key, UUID accountId, boolean active, Authorization... authorizations) {
        KEYS.put(key, new Agent(accountId, active, List.of(authorizations)));
    }

    /** The key is revoked: Authenticate answers UNAUTHENTICATED for it from now on. */
    public static void revoke(String key) {
        KEYS.remove(key);
    }

    /**
     * Registers the chain of {@code ids[0]}: each id's parent is the next one. Every suffix of the
     * chain is registered too (each ancestor's own chain). Rate plans are left empty.
     */
    public static void chain(UUID... ids) {
        List<UUID> all = Arrays.asList(ids);
        for (int start = 0; start < all.size(); start++) {
            List<ChainLevel> levels = new ArrayList<>();
            for (int i = start; i < all.size(); i++) {
                levels.add(ChainLevel.newBuilder()
                        .setLevel(i - start)
                        .setAccountId(all.get(i).toString())
                        .setParentAccountId(i + 1 < all.size() ? all.get(i + 1).toString() : "")
                        .setName("account-" + all.get(i).toString().substring(0, 8))
                        .setStatus(AccountStatus.ACCOUNT_STATUS_ACTIVE)
                        .setCurrency("USD")
                        .setCreditLimit("0.000000")
                        .build());
            }
            CHAINS.put(all.get(start), levels);
        }
    }

    /**
     * The account buys on the rate table: its level carries {@code rateTableId} in every chain
     * registered so far that contains it.
     */
    public static void buysOn(UUID accountId, String rateTableId) {
        CHAINS.replaceAll((id, levels) -> levels.stream()
                .map(level -> level.getAccountId().equals(accountId.toString())
                        ? level.toBuilder().setRateTableId(rateTableId).build() : level)
                .toList());
    }

    /** {@code GetAccountChain} fails with {@code status} for the account (accounts down); null: answers again. */
    public static void chainFails(UUID accountId, Status status) {
        if (status == null) {
            CHAIN_FAILURES.remove(accountId.toString());
        } else {
            CHAIN_FAILURES.put(accountId.toString(), status);
        }
    }

    /** {@code RatePlanUsage} answers that {@code accounts} accounts buy on the table (0 unless set). */
    public static void ratePlanUsage(String rateTableId, long accounts) {
        RATE_PLAN_USAGE.put(rateTableId, accounts);
    }

    /** Registers a chain with every field as the test wants it (level 0 first). */
    public static void chain(List<ChainLevel> levels) {
        CHAINS.put(UUID.fromString(levels.get(0).getAccountId()), List.copyOf(levels));
    }

    /**
     * {@code AuthorizeCaller} answers {@code answer} for the caller number. A caller nobody set is
     * not registered: PIN_LOGIN when the request allows unregistered callers with PIN, else
     * CALLER_NOT_REGISTERED.
     */
    public static void caller(String callerNumber, AuthorizeCallerResponse answer) {
        CALLER_FAILURES.remove(callerNumber);
        CALLERS.put(callerNumber, answer);
    }

    /** The caller is a registered phone of an active account with funds (OK, the account's default STANDARD). */
    public static void registeredCaller(String callerNumber, UUID accountId) {
        caller(callerNumber, AuthorizeCallerResponse.newBuilder().setAuthorized(true)
                .setReason(AuthorizeCallerReason.AUTHORIZE_CALLER_REASON_OK).setAccountFound(true)
                .setAccountId(accountId.toString()).setActive(true).setBalanceSufficient(true)
                .setDefaultCtdMode(CtdMode.CTD_MODE_STANDARD).build());
    }

    /** {@code AuthorizeCaller} fails with {@code status} for the caller number (accounts down, a deadline). */
    public static void callerFails(String callerNumber, Status status) {
        CALLERS.remove(callerNumber);
        CALLER_FAILURES.put(callerNumber, status);
    }

    /** Every {@code AuthorizeCaller} request received so far, oldest first. */
    public static List<AuthorizeCallerRequest> authorizeCallerRequests() {
        return List.copyOf(AUTHORIZE_CALLER_REQUESTS);
    }

    /** {@code ReleaseFunds} of the reservation fails with {@code status}; null answers released again. */
    public static void releaseFails(String reservationId, Status status) {
        if (status == null) {
            RELEASE_FAILURES.remove(reservationId);
        } else {
            RELEASE_FAILURES.put(reservationId, status);
        }
    }

    /** The reservation ids of every {@code ReleaseFunds} request received so far, failed ones too, oldest first. */
    public static List<String> releasedReservations() {
        return RELEASE_FUNDS_REQUESTS.stream().map(ReleaseFundsRequest::getReservationId).toList();
    }

    private static final class Service extends AccountsServiceGrpc.AccountsServiceImplBase {

        @Override
        public void releaseFunds(ReleaseFundsRequest request, StreamObserver<ReleaseFundsResponse> response) {
            RELEASE_FUNDS_REQUESTS.add(request);
            Status failure = RELEASE_FAILURES.get(request.getReservationId());
            if (failure != null) {
                response.onError(failure.asRuntimeException());
                return;
            }
            response.onNext(ReleaseFundsResponse.newBuilder().setReleased(true).build());
            response.onCompleted();
        }

        @Override
        public void authenticate(AuthenticateRequest request, StreamObserver<AuthenticateResponse> response) {
            if (ADMIN_KEY.equals(request.getApiKey())) {
                response.onNext(AuthenticateResponse.newBuilder().setAdmin(true).setActive(true)
                        .addAllAuthorizations(Arrays.stream(Authorization.values()).map(Enum::name).toList()).build());
                response.onCompleted();
                return;
            }
            Agent agent = KEYS.get(request.getApiKey());
            if (agent == null) {
                response.onError(Status.UNAUTHENTICATED.withDescription("unknown key").asRuntimeException());
                return;
            }
            response.onNext(AuthenticateResponse.newBuilder().setAccountId(agent.accountId().toString())
                    .setActive(agent.active())
                    .addAllAuthorizations(agent.authorizations().stream().map(Enum::name).toList()).build());
            response.onCompleted();
        }

        @Override
        public void getAccountChain(GetAccountChainRequest request, StreamObserver<GetAccountChainResponse> response) {
            Status failure = CHAIN_FAILURES.get(request.getAccountId());
            if (failure != null) {
                response.onError(failure.asRuntimeException());
                return;
            }
            List<ChainLevel> levels;
            try {
                levels = CHAINS.get(UUID.fromString(request.getAccountId()));
            } catch (IllegalArgumentException e) {
                levels = null;
            }
            if (levels == null) {
                response.onError(Status.NOT_FOUND.withDescription("no account " + request.getAccountId()).asRuntimeException());
                return;
            }
            response.onNext(GetAccountChainResponse.newBuilder().addAllLevels(levels).build());
            response.onCompleted();
        }

        @Override
        public void ratePlanUsage(RatePlanUsageRequest request, StreamObserver<RatePlanUsageResponse> response) {
            response.onNext(RatePlanUsageResponse.newBuilder()
                    .setAccounts(RATE_PLAN_USAGE.getOrDefault(request.getRateTableId(), 0L)).build());
            response.onCompleted();
        }

        @Override
        public void authorizeCaller(AuthorizeCallerRequest request, StreamObserver<AuthorizeCallerResponse> response) {
            AUTHORIZE_CALLER_REQUESTS.add(request);
            Status failure = CALLER_FAILURES.get(request.getCallerNumber());
            if (failure != null) {
                response.onError(failure.asRuntimeException());
                return;
            }
            AuthorizeCallerResponse answer = CALLERS.get(request.getCallerNumber());
            if (answer == null) {
                answer = request.getAllowUnregisteredWithPin()
                        ? AuthorizeCallerResponse.newBuilder().setAuthorized(true).setPinRequired(true)
                                .setReason(AuthorizeCallerReason.AUTHORIZE_CALLER_REASON_PIN_LOGIN).build()
                        : AuthorizeCallerResponse.newBuilder()
                                .setReason(AuthorizeCallerReason.AUTHORIZE_CALLER_REASON_CALLER_NOT_REGISTERED).build();
            }
            response.onNext(answer);
            response.onCompleted();
        }
    }
}
