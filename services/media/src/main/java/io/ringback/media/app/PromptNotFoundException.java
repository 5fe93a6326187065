package io.ringback.media.app;

import io.ringback.common.Failure;

/** A prompt that is neither uploaded nor shipped. */
public class PromptNotFoundException extends Failure {

    public PromptNotFoundException(String language, String name) {
        super(Kind.NOT_FOUND, "not-found", "Prompt not found",
                "no prompt '" + name + "' in language '" + language + "' (neither uploaded nor shipped)");
    }
}
