package io.ringback.cdr.domain;

import java.time.Instant;
import java.util.List;

/** What the events of a session amount to at a given moment. */
public sealed interface Assembly {

    /**
     * Not yet complete.
     *
     * @param recheckAt when the session completes by itself if nothing else arrives (a limit of an
     *                  unterminated leg, the wait for a lost marker); null when only more events
     *                  can complete it
     */
    record Incomplete(Instant recheckAt) implements Assembly {
    }

    /** Complete: one CDR per leg, in originating order, and the session record. */
    record Complete(SessionRecord session, List<LegCdr> legs) implements Assembly {

        public Complete {
            legs = List.copyOf(legs);
        }
    }
}
