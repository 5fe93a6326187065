package io.ringback.signaling.app.callback;

import io.ringback.signaling.core.callback.Command;
import io.ringback.signaling.core.callback.Event;

import java.util.function.Consumer;

/**
 * The adapters a {@link CallbackDriver} hands a session's commands to. Each call may block (a
 * gRPC call with its deadline); the driver runs them off the SIP threads, in the session's order.
 * An adapter reports every outcome through {@code results}, at once or later (a SIP response, a
 * media event), and a failure to reach its service as {@link Event.Unavailable}.
 */
public interface CallbackPorts {

    /** SIP commands: {@code DialLeg}, {@code CancelLeg}, {@code HangUpLeg}, re-INVITE answers. */
    void sip(Command command, Consumer<Event> results);

    /** Media commands: endpoints, prompts, collection, bridge. */
    void media(Command command, Consumer<Event> results);

    /** Accounts commands: PIN, destination check, balance, reservations. */
    void accounts(Command command, Consumer<Event> results);

    /** Rating commands: quote and routes. */
    void rating(Command command, Consumer<Event> results);

    /** {@code PublishLeg} and {@code PublishEnd}: into the outbox for {@code call.legs}. */
    void legEvents(Command command);
}
