package io.ringback.media.app;

/**
 * The prompt store (the database) could not be reached or failed: a transient condition the caller
 * may retry, not a problem with its request.
 */
public class PromptStoreUnavailableException extends RuntimeException {

    public PromptStoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
