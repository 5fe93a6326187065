package io.ringback.cdr.adapter.grpc;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.ringback.proto.accounts.v1.AccountsServiceGrpc;
import io.ringback.proto.accounts.v1.ReleaseFundsRequest;
import io.ringback.service.auth.PlatformConfig;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.util.Collection;
import java.util.concurrent.TimeUnit;

/**
 * Gives a session's reservations back through accounts {@code ReleaseFunds} when no CDR of the
 * session will ever be settled to release them (every CDR's times are impossible): without it
 * they would stay held until their TTL. Releasing is idempotent in accounts (a closed or expired
 * reservation gives nothing back), so a repeated release is harmless.
 */
@Singleton
public class ReservationReleases {

    private static final Logger LOG = Logger.getLogger(ReservationReleases.class);

    private final AccountsServiceGrpc.AccountsServiceBlockingStub accounts;
    private final PlatformConfig platform;

    public ReservationReleases(@GrpcClient("accounts") AccountsServiceGrpc.AccountsServiceBlockingStub accounts,
                               PlatformConfig platform) {
        this.accounts = accounts;
        this.platform = platform;
    }

    /**
     * Releases each reservation; answers false when accounts did not answer for one of them (the
     * caller tries again later). A reservation accounts does not know has nothing to give back.
     */
    public boolean release(String sessionId, Collection<String> reservationIds) {
        for (String reservationId : reservationIds) {
            try {
                accounts.withDeadlineAfter(platform.accountsTimeout().toMillis(), TimeUnit.MILLISECONDS)
                        .releaseFunds(ReleaseFundsRequest.newBuilder().setReservationId(reservationId)
                                .setReason("session " + sessionId + " over, no CDR of it billable").build());
            } catch (StatusRuntimeException e) {
                Status.Code code = e.getStatus().getCode();
                if (code != Status.Code.NOT_FOUND && code != Status.Code.INVALID_ARGUMENT) {
                    LOG.warnf("reservation %s of session %s not released, tried again later: %s", reservationId,
                            sessionId, e.getStatus());
                    return false;
                }
                LOG.warnf("reservation %s of session %s is unknown to accounts: %s", reservationId, sessionId,
                        e.getStatus());
            }
        }
        return true;
    }
}
