package io.ringback.media.dtmf;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DtmfMethodLockTest {

    @Test
    void theFirstMethodSeenIsTheOnlyOneThatCounts() {
        DtmfMethodLock lock = new DtmfMethodLock();
        assertTrue(lock.accept(DtmfMethod.RFC4733));
        assertFalse(lock.accept(DtmfMethod.INBAND));
        assertFalse(lock.accept(DtmfMethod.SIP_INFO));
        assertTrue(lock.accept(DtmfMethod.RFC4733));
        assertEquals(DtmfMethod.RFC4733, lock.locked());
    }
}
