package io.ringback.signaling.core.trigger;

import java.util.Optional;

/** The configuration the trigger reads: DIDs by number and their services (a port; the adapter caches it). */
public interface CallbackDirectory {

    /** The DID with this number (E.164 digits without {@code +}), enabled or not. */
    Optional<Did> did(String number);

    /** The callback service with this id. */
    Optional<TriggerService> service(String id);
}
