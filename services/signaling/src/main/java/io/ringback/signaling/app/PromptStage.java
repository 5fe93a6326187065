package io.ringback.signaling.app;

import java.util.Locale;

/** The stages of the callback IVR a template names a prompt for (domain §2). */
public enum PromptStage {
    WELCOME(true),
    ENTER_PIN(true),
    ENTER_DESTINATION(true),
    CONFIRM(true),
    CONNECTING(true),
    INVALID_DESTINATION(true),
    INSUFFICIENT_BALANCE(true),
    ROUTE_FAILED(true),
    GOODBYE(true),
    /** Played to the user while leg B rings; without it the user hears leg B's ringback. */
    MUSIC_ON_HOLD(false);

    private final boolean required;

    PromptStage(boolean required) {
        this.required = required;
    }

    /** Whether every template names a prompt for it. */
    public boolean required() {
        return required;
    }

    /** Its name in the API and the database ({@code welcome}, {@code music_on_hold}...). */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
