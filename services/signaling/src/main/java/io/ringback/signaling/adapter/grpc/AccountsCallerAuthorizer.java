package io.ringback.signaling.adapter.grpc;

import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.ringback.proto.accounts.v1.AccountsServiceGrpc;
import io.ringback.proto.accounts.v1.AuthorizeCallerRequest;
import io.ringback.proto.accounts.v1.AuthorizeCallerResponse;
import io.ringback.proto.common.v1.CtdMode;
import io.ringback.service.auth.PlatformConfig;
import io.ringback.signaling.core.trigger.CallerAuthorization;
import io.ringback.signaling.core.trigger.CallerAuthorizer;
import io.ringback.signaling.core.trigger.TriggerService;
import io.ringback.signaling.core.trigger.TriggerUnavailable;
import jakarta.inject.Singleton;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.concurrent.TimeUnit;

/**
 * The trigger's {@link CallerAuthorizer} over accounts' {@code AuthorizeCaller}, with the platform
 * service credential every gRPC client carries (service-support's interceptor) and the
 * {@code ringback.platform.accounts-timeout} deadline. Blocking: the SIP worker thread waits.
 * Accounts not answering, or answering without a reason, is {@link TriggerUnavailable} (503,
 * nothing created): never taken for a refusal or an authorization.
 */
@Singleton
public class AccountsCallerAuthorizer implements CallerAuthorizer {

    private final AccountsServiceGrpc.AccountsServiceBlockingStub accounts;
    private final PlatformConfig config;

    public AccountsCallerAuthorizer(@GrpcClient("accounts") AccountsServiceGrpc.AccountsServiceBlockingStub accounts,
                                    PlatformConfig config) {
        this.accounts = accounts;
        this.config = config;
    }

    @Override
    public CallerAuthorization authorize(String callerNumber, String did, TriggerService service) {
        AuthorizeCallerRequest request = AuthorizeCallerRequest.newBuilder()
                .setCallerNumber(callerNumber)
                .setDid(did)
                .setCallbackServiceId(service.id())
                .setMinimumBalance(decimal(service.minimumBalance()))
                .setAllowUnregisteredWithPin(service.pinCallersAllowed())
                .build();
        AuthorizeCallerResponse response;
        try {
            response = accounts.withDeadlineAfter(config.accountsTimeout().toMillis(), TimeUnit.MILLISECONDS)
                    .authorizeCaller(request);
        } catch (StatusRuntimeException e) {
            throw new TriggerUnavailable("accounts did not authorize caller " + callerNumber + ": " + e.getStatus(), e);
        }
        return new CallerAuthorization(verdict(response), response.getAccountFound() ? response.getAccountId() : null,
                ctdMode(response.getDefaultCtdMode()));
    }

    private static CallerAuthorization.Verdict verdict(AuthorizeCallerResponse response) {
        CallerAuthorization.Verdict verdict = switch (response.getReason()) {
            case AUTHORIZE_CALLER_REASON_OK -> CallerAuthorization.Verdict.OK;
            case AUTHORIZE_CALLER_REASON_PIN_LOGIN -> CallerAuthorization.Verdict.PIN_LOGIN;
            case AUTHORIZE_CALLER_REASON_CALLER_NOT_REGISTERED -> CallerAuthorization.Verdict.CALLER_NOT_REGISTERED;
            case AUTHORIZE_CALLER_REASON_ACCOUNT_INACTIVE -> CallerAuthorization.Verdict.ACCOUNT_INACTIVE;
            case AUTHORIZE_CALLER_REASON_ANCESTOR_INACTIVE -> CallerAuthorization.Verdict.ANCESTOR_INACTIVE;
            case AUTHORIZE_CALLER_REASON_INSUFFICIENT_BALANCE -> CallerAuthorization.Verdict.INSUFFICIENT_BALANCE;
            case AUTHORIZE_CALLER_REASON_UNSPECIFIED, UNRECOGNIZED ->
                    throw new TriggerUnavailable("accounts answered AuthorizeCaller without a reason");
        };
        boolean admits = verdict == CallerAuthorization.Verdict.OK || verdict == CallerAuthorization.Verdict.PIN_LOGIN;
        if (admits != response.getAuthorized()) {
            throw new TriggerUnavailable("accounts answered authorized=" + response.getAuthorized() + " with reason "
                    + response.getReason());
        }
        return verdict;
    }

    private static String ctdMode(CtdMode mode) {
        return switch (mode) {
            case CTD_MODE_STANDARD -> "STANDARD";
            case CTD_MODE_FLOW -> "FLOW";
            default -> null;
        };
    }

    private static String decimal(BigDecimal amount) {
        return (amount == null ? BigDecimal.ZERO : amount).setScale(6, RoundingMode.UNNECESSARY).toPlainString();
    }
}
