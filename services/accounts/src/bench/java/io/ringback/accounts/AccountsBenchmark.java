package io.ringback.accounts;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.ringback.proto.accounts.v1.AccountsServiceGrpc;
import io.ringback.proto.accounts.v1.AuthorizeCallerReason;
import io.ringback.proto.accounts.v1.AuthorizeCallerRequest;
import io.ringback.proto.accounts.v1.AuthorizeCallerResponse;
import io.ringback.proto.accounts.v1.ReserveFundsRequest;
import io.ringback.proto.accounts.v1.ReserveFundsResult;
import io.ringback.proto.accounts.v1.SettleChargeRequest;
import io.ringback.proto.common.v1.LevelAmount;
import io.ringback.testing.KafkaTestResource;
import io.ringback.testing.PostgresTestResource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Not a test: the benchmark of issue #3, run with {@code ./mvnw -B -ntp verify -pl services/accounts -Pbench}.
 * It boots the service on real PostgreSQL (as the tests do), warms it up for 10 s at the target
 * rate, and prints the figures.
 * <ol>
 *   <li>AuthorizeCaller over gRPC at a fixed rate (open loop: latency counts from the moment a
 *       request was due, so a stall is not hidden by sending less), callers spread over 1 000
 *       phones of a three-level chain.</li>
 *   <li>ReserveFunds + SettleCharge on one account's three-level chain from many threads: the
 *       worst case for the per-account row locks.</li>
 * </ol>
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
class AccountsBenchmark {

    private static final String ADMIN = "test-admin-key-0123456789abcdef0123456789";
    private static final int RATE = Integer.getInteger("bench.rate", 500);
    private static final int SECONDS = Integer.getInteger("bench.seconds", 30);
    private static final int PHONES = 1000;
    private static final int RESERVATIONS = Integer.getInteger("bench.reservations", 4000);
    private static final int THREADS = Integer.getInteger("bench.threads", 32);

    @Test
    void benchmark() throws Exception {
        String top = create(Map.of("name", "bench-wholesale"));
        String agent = create(Map.of("name", "bench-retail", "parentId", top));
        List<String> customers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            customers.add(create(Map.of("name", "bench-customer-" + i, "parentId", agent)));
        }
        for (String account : List.of(top, agent)) {
            pay(account, "1000000");
        }
        customers.forEach(c -> pay(c, "1000"));
        List<String> numbers = new ArrayList<>();
        for (int i = 0; i < PHONES; i++) {
            String number = "88017" + String.format("%08d", i);
            numbers.add(number);
            as().body(Map.of("number", number, "pin", "1234"))
                    .post("/api/v1/accounts/" + customers.get(i % customers.size()) + "/phones").then().statusCode(201);
        }
        // The test profile's ringback.platform.service-token, presented as the platform's services do.
        Metadata token = new Metadata();
        token.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
                "Bearer " + io.ringback.testing.AccountsDouble.SERVICE_TOKEN);
        // directExecutor: responses complete on the channel's event loop, not after a hop to a
        // thread pool; the load generator's own scheduling must not add to the latency it measures.
        ManagedChannel channel = ManagedChannelBuilder.forAddress("localhost", RestAssured.port).usePlaintext()
                .directExecutor().intercept(MetadataUtils.newAttachHeadersInterceptor(token)).build();
        try {
            authorizeCaller(channel, numbers, 10, RATE);
            String report = authorizeCaller(channel, numbers, SECONDS, RATE) + "\n"
                    + reservations(channel, customers.get(0), agent, top);
            System.out.println("\n=== accounts benchmark ===\n" + report + "\n");
        } finally {
            channel.shutdownNow();
        }
    }

    private static String authorizeCaller(ManagedChannel channel, List<String> numbers, int seconds, int rate)
            throws Exception {
        AccountsServiceGrpc.AccountsServiceFutureStub stub = AccountsServiceGrpc.newFutureStub(channel);
        int total = seconds * rate;
        long[] latencies = new long[total];
        long[] serviceTimes = new long[total];
        AtomicInteger refused = new AtomicInteger();
        CountDownLatch recorded = new CountDownLatch(total);
        // One request per phone, built once: the generator allocates nothing per call but the call itself.
        AuthorizeCallerRequest[] requests = numbers.stream().map(number -> AuthorizeCallerRequest.newBuilder()
                .setCallerNumber(number).setDid("8809610000000").setCallbackServiceId("bench")
                .setMinimumBalance("1.000000").build()).toArray(AuthorizeCallerRequest[]::new);
        long interval = 1_000_000_000L / rate;
        long start = System.nanoTime();
        List<ListenableFuture<AuthorizeCallerResponse>> futures = new ArrayList<>(total);
        for (int i = 0; i < total; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            int index = i;
            long sent = System.nanoTime();
            ListenableFuture<AuthorizeCallerResponse> future = stub.authorizeCaller(requests[i % requests.length]);
            future.addListener(() -> {
                long done = System.nanoTime();
                latencies[index] = done - due;
                serviceTimes[index] = done - sent;
                recorded.countDown();
            }, MoreExecutors.directExecutor());
            futures.add(future);
        }
        for (ListenableFuture<AuthorizeCallerResponse> future : futures) {
            if (future.get().getReason() != AuthorizeCallerReason.AUTHORIZE_CALLER_REASON_OK) {
                refused.incrementAndGet();
            }
        }
        if (!recorded.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("latencies not recorded");
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        Arrays.sort(latencies);
        Arrays.sort(serviceTimes);
        return String.format("AuthorizeCaller: %d requests at %d/s target (%.0f/s achieved) over %d s, %d phones:"
                        + " from due time p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms;"
                        + " from send p50 %.2f ms, p99 %.2f ms; not OK: %d; load average %s",
                total, rate, total / elapsed, seconds, numbers.size(), ms(latencies, 0.50), ms(latencies, 0.90),
                ms(latencies, 0.99), ms(latencies, 0.999), latencies[total - 1] / 1e6, ms(serviceTimes, 0.50),
                ms(serviceTimes, 0.99), refused.get(), loadAverage());
    }

    private static String reservations(ManagedChannel channel, String customer, String agent, String top)
            throws Exception {
        AccountsServiceGrpc.AccountsServiceBlockingStub stub = AccountsServiceGrpc.newBlockingStub(channel);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        long[] reserveLatencies = new long[RESERVATIONS];
        long[] settleLatencies = new long[RESERVATIONS];
        List<Future<?>> work = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < RESERVATIONS; i++) {
            int index = i;
            work.add(pool.submit(() -> {
                String session = UUID.randomUUID().toString();
                long t0 = System.nanoTime();
                var reserved = stub.reserveFunds(ReserveFundsRequest.newBuilder().setIdempotencyKey(session)
                        .setSessionId(session).setAccountId(customer)
                        .addAmounts(amount(0, customer, "0.100000")).addAmounts(amount(1, agent, "0.080000"))
                        .addAmounts(amount(2, top, "0.060000")).build());
                long t1 = System.nanoTime();
                if (reserved.getResult() != ReserveFundsResult.RESERVE_FUNDS_RESULT_RESERVED) {
                    throw new IllegalStateException("not reserved: " + reserved);
                }
                stub.settleCharge(SettleChargeRequest.newBuilder().setIdempotencyKey("cdr-" + session)
                        .setReservationId(reserved.getReservationId()).setSessionId(session).setAccountId(customer)
                        .addCharges(amount(0, customer, "0.050000")).addCharges(amount(1, agent, "0.040000"))
                        .addCharges(amount(2, top, "0.030000")).setReleaseRemainder(true).build());
                reserveLatencies[index] = t1 - t0;
                settleLatencies[index] = System.nanoTime() - t1;
            }));
        }
        for (Future<?> future : work) {
            future.get();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        Arrays.sort(reserveLatencies);
        Arrays.sort(settleLatencies);
        String balance = as().get("/api/v1/accounts/" + customer + "/balance").then().extract().path("balance");
        return String.format("ReserveFunds+SettleCharge on ONE account's 3-level chain, %d threads, %d calls:"
                        + " %.0f reserve+settle pairs/s; reserve p50 %.2f ms, p99 %.2f ms; settle p50 %.2f ms,"
                        + " p99 %.2f ms; customer balance after: %s (expected %s)",
                THREADS, RESERVATIONS, RESERVATIONS / elapsed, ms(reserveLatencies, 0.5), ms(reserveLatencies, 0.99),
                ms(settleLatencies, 0.5), ms(settleLatencies, 0.99), balance,
                new java.math.BigDecimal("1000").subtract(new java.math.BigDecimal("0.05")
                        .multiply(java.math.BigDecimal.valueOf(RESERVATIONS))).setScale(6));
    }

    /** The machine's load: on a shared machine the tail latencies depend on it. */
    private static String loadAverage() {
        return String.format("%.2f on %d cores",
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors());
    }

    private static double ms(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e6;
    }

    private static LevelAmount amount(int level, String account, String amount) {
        return LevelAmount.newBuilder().setLevel(level).setAccountId(account).setAmount(amount).build();
    }

    private static RequestSpecification as() {
        return RestAssured.given().header("Authorization", "Bearer " + ADMIN).contentType(ContentType.JSON);
    }

    private static String create(Map<String, Object> body) {
        return as().body(body).post("/api/v1/accounts").then().statusCode(201).extract().path("id");
    }

    private static void pay(String account, String amount) {
        as().header("Idempotency-Key", UUID.randomUUID().toString()).body(Map.of("kind", "PAYMENT", "amount", amount))
                .post("/api/v1/accounts/" + account + "/payments").then().statusCode(201);
    }
}
