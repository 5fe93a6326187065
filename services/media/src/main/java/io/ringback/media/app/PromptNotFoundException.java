package io.ringback.media.app;

/** A prompt that is neither uploaded nor shipped. */
public class PromptNotFoundException extends Exception {

    public PromptNotFoundException(String language, String name) {
        super("no prompt '" + name + "' in language '" + language + "' (neither uploaded nor shipped)");
    }
}
