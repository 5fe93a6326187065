package io.ringback.signaling.adapter.persistence;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.ringback.signaling.core.callerid.CallerIdNormalization;
import io.ringback.signaling.core.source.TrustedSources;
import io.ringback.signaling.core.trigger.CallbackDirectory;
import io.ringback.signaling.core.trigger.Did;
import io.ringback.signaling.core.trigger.TriggerService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The trigger's view of the callback configuration: every DID and callback service in memory, so
 * a trigger never waits on the database. Each replica checks the configuration revision every
 * {@code ringback.signaling.directory.refresh-interval} and, when it moved, reloads the whole
 * directory in one transaction and swaps it in at once; a trigger sees the old directory or the
 * new one, never a mix. So a change made through the REST API on any replica reaches every replica
 * within that interval, without a restart.
 */
@ApplicationScoped
public class CachedCallbackDirectory implements CallbackDirectory {

    private static final Logger LOG = Logger.getLogger(CachedCallbackDirectory.class);

    private record Snapshot(long revision, Map<String, Did> dids, Map<String, TriggerService> services) {
    }

    private final CallbackServiceRepository services;
    private final DidRepository dids;
    private final ConfigRevisionRepository revision;
    private volatile Snapshot snapshot = new Snapshot(-1, Map.of(), Map.of());

    public CachedCallbackDirectory(CallbackServiceRepository services, DidRepository dids,
                                   ConfigRevisionRepository revision) {
        this.services = services;
        this.dids = dids;
        this.revision = revision;
    }

    void load(@Observes StartupEvent start) {
        refresh();
    }

    @Scheduled(every = "${ringback.signaling.directory.refresh-interval:250ms}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        try {
            refresh();
        } catch (RuntimeException e) {
            // The last directory keeps serving; the next poll tries again.
            LOG.warnf(e, "the callback directory could not be refreshed (revision %d kept)", snapshot.revision());
        }
    }

    /** Reloads when the configuration changed since the last load. */
    public void refresh() {
        QuarkusTransaction.requiringNew().run(() -> {
            long current = revision.current();
            if (current == snapshot.revision()) {
                return;
            }
            Map<String, TriggerService> loadedServices = services.listAll().stream()
                    .map(CachedCallbackDirectory::service)
                    .collect(Collectors.toUnmodifiableMap(TriggerService::id, Function.identity()));
            Map<String, Did> loadedDids = dids.listAll().stream()
                    .map(CachedCallbackDirectory::did)
                    .collect(Collectors.toUnmodifiableMap(Did::number, Function.identity()));
            snapshot = new Snapshot(current, loadedDids, loadedServices);
            LOG.debugf("callback directory at revision %d: %d DIDs, %d services", current, loadedDids.size(),
                    loadedServices.size());
        });
    }

    @Override
    public Optional<Did> did(String number) {
        return Optional.ofNullable(snapshot.dids().get(number));
    }

    @Override
    public Optional<TriggerService> service(String id) {
        return Optional.ofNullable(snapshot.services().get(id));
    }

    private static TriggerService service(CallbackServiceEntity row) {
        return new TriggerService(row.id.toString(), row.enabled, row.templateId.toString(), row.language, row.ctdMode,
                "PIN_ALLOWED".equals(row.callerPolicy), row.minimumBalance,
                Duration.ofSeconds(row.callbackDelaySeconds), row.maxConcurrentCallbacks, row.rejectCode,
                row.unauthorizedCode);
    }

    private static Did did(DidEntity row) {
        return new Did(row.number, row.callbackServiceId.toString(), TrustedSources.parse(Arrays.asList(row.trustedSources)),
                row.assertedIdentityTrusted, new CallerIdNormalization(row.countryCode, row.nationalPrefix,
                row.internationalPrefix, row.nationalNumberLength), row.enabled);
    }
}
