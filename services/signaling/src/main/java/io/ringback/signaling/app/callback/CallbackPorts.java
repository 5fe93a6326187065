package io.ringback.signaling.app.callback;

import io.ringback.signaling.core.callback.Command;
import io.ringback.signaling.core.callback.Event;
import io.ringback.signaling.core.callback.SessionStart;

import java.util.function.Consumer;

/**
 * The adapters a {@link CallbackDriver} hands a session's commands to. Each call may block (a
 * gRPC call with its deadline); the driver runs them off the SIP threads, in the session's order.
 * An adapter reports every outcome through {@code results}, at once or later (a SIP response, a
 * media event), and a failure to reach its service as {@link Event.Unavailable}. {@code session}
 * is what the session started from: the ids and numbers a request carries besides the command's.
 */
public interface CallbackPorts {

    /** SIP commands: {@code DialLeg}, {@code CancelLeg}, {@code HangUpLeg}, re-INVITE answers. */
    void sip(SessionStart session, Command command, Consumer<Event> results);

    /** Media commands: endpoints, prompts, collection, bridge. */
    void media(SessionStart session, Command command, Consumer<Event> results);

    /** Accounts commands: PIN, destination check, balance, reservations. */
    void accounts(SessionStart session, Command command, Consumer<Event> results);

    /** Rating commands: quote and routes. */
    void rating(SessionStart session, Command command, Consumer<Event> results);

    /** {@code PublishLeg} and {@code PublishEnd}: into the outbox for {@code call.legs}. */
    void legEvents(SessionStart session, Command command);
}
