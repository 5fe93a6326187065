package io.ringback.service.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.arc.DefaultBean;
import io.quarkus.grpc.GrpcClient;
import io.ringback.common.Authorization;
import io.ringback.common.Failure;
import io.ringback.common.Principal;
import io.ringback.proto.accounts.v1.AccountsService;
import io.ringback.proto.accounts.v1.AuthenticateRequest;
import io.ringback.proto.accounts.v1.AuthenticateResponse;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Resolves a key through the accounts service's {@code Authenticate} and keeps the answer for
 * {@code ringback.platform.principal-cache-ttl} (30 s by default), keyed by the key's SHA-256,
 * so a revocation in accounts takes effect everywhere within that time. Unknown keys are not
 * cached: a key issued a moment ago works at once.
 */
@DefaultBean
@Singleton
public class AccountsPrincipalResolver implements PrincipalResolver {

    private static final Logger LOG = Logger.getLogger(AccountsPrincipalResolver.class);

    private final AccountsService accounts;
    private final PlatformConfig config;
    private final Cache<String, Principal> cache;

    public AccountsPrincipalResolver(@GrpcClient("accounts") AccountsService accounts, PlatformConfig config,
                                     Clock clock) {
        this.accounts = accounts;
        this.config = config;
        this.cache = Caffeine.newBuilder()
                .maximumSize(10_000)
                .expireAfterWrite(config.principalCacheTtl().toNanos(), TimeUnit.NANOSECONDS)
                .ticker(() -> {
                    var now = clock.instant();
                    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
                })
                .build();
    }

    @Override
    public Uni<Principal> resolve(String apiKey) {
        String hash = sha256(apiKey);
        Principal cached = cache.getIfPresent(hash);
        if (cached != null) {
            return Uni.createFrom().item(cached);
        }
        return accounts.authenticate(AuthenticateRequest.newBuilder().setApiKey(apiKey).build())
                .ifNoItem().after(config.accountsTimeout()).failWith(() -> Status.DEADLINE_EXCEEDED.asRuntimeException())
                .map(AccountsPrincipalResolver::principal)
                .invoke(principal -> cache.put(hash, principal))
                .onFailure().transform(AccountsPrincipalResolver::failure);
    }

    static Principal principal(AuthenticateResponse answer) {
        if (answer.getAdmin()) {
            return Principal.ADMIN;
        }
        Set<Authorization> authorizations = EnumSet.noneOf(Authorization.class);
        for (String name : answer.getAuthorizationsList()) {
            try {
                authorizations.add(Authorization.valueOf(name));
            } catch (IllegalArgumentException e) {
                LOG.warnf("accounts answered an authorization this service does not know: %s", name);
            }
        }
        return new Principal(UUID.fromString(answer.getAccountId()), authorizations, answer.getActive());
    }

    private static Throwable failure(Throwable error) {
        if (error instanceof Failure) {
            return error;
        }
        if (error instanceof StatusRuntimeException status && status.getStatus().getCode() == Status.Code.UNAUTHENTICATED) {
            return Failure.unauthenticated("the key is unknown or revoked");
        }
        LOG.warnf(error, "accounts could not authenticate a request");
        return Failure.unavailable("accounts-unavailable", "Accounts unavailable",
                "the accounts service, which checks API keys, cannot be reached now; try again", error);
    }

    private static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
