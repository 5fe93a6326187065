package io.ringback.media.app;

import io.ringback.common.Failure;

/**
 * The prompt store (the database) could not be reached or failed: a transient condition the caller
 * may retry, not a problem with its request.
 */
public class PromptStoreUnavailableException extends Failure {

    public PromptStoreUnavailableException(String message, Throwable cause) {
        super(Kind.UNAVAILABLE, "prompt-store-unavailable", "Prompt store unavailable", message, cause);
    }
}
