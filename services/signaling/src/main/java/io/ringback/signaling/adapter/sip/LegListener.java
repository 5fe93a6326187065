package io.ringback.signaling.adapter.sip;

import io.ringback.signaling.core.callback.Event;

/**
 * Who hears what happens to a leg we originate: the SIP outcomes as the callback machine's events
 * ({@link Event.LegDialed}, {@link Event.Provisional}, {@link Event.Answered}, {@link Event.Failed},
 * {@link Event.RemoteHangup}, {@link Event.InfoDigit}, {@link Event.ReInvite}). Called on a worker
 * thread, never the SIP stack's, one event at a time and in order for each leg.
 */
@FunctionalInterface
public interface LegListener {

    void on(Event event);
}
