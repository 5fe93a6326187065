package io.ringback.media.wav;

import io.ringback.media.codec.Law;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class G711WavTest {

    /** The header sox writes for an 8 kHz mono mu-law WAV, annotated. */
    private static final byte[] SOX_HEADER_AND_3_SAMPLES = {
            'R', 'I', 'F', 'F', 54, 0, 0, 0, // RIFF size: file length - 8, pad byte included
            'W', 'A', 'V', 'E',
            'f', 'm', 't', ' ', 18, 0, 0, 0, // fmt chunk, 18 bytes
            7, 0,                            // format 7: mu-law
            1, 0,                            // 1 channel
            0x40, 0x1F, 0, 0,                // 8000 samples/s
            0x40, 0x1F, 0, 0,                // 8000 bytes/s
            1, 0,                            // block align 1
            8, 0,                            // 8 bits per sample
            0, 0,                            // cbSize 0
            'f', 'a', 'c', 't', 4, 0, 0, 0, 3, 0, 0, 0, // fact: 3 samples
            'd', 'a', 't', 'a', 3, 0, 0, 0,  // data: 3 bytes
            (byte) 0xFF, 0x7F, 0x00,
            0                                 // pad byte to an even chunk length
    };

    @Test
    void readsAMuLawFileAsSoxWritesIt() throws WavFormatException {
        G711Wav wav = G711Wav.read(SOX_HEADER_AND_3_SAMPLES);
        assertEquals(Law.PCMU, wav.law());
        assertArrayEquals(new byte[] {(byte) 0xFF, 0x7F, 0x00}, wav.samples());
        assertArrayEquals(SOX_HEADER_AND_3_SAMPLES, wav.toWav());
    }

    @Test
    void aLawRoundTrips() throws WavFormatException {
        G711Wav wav = new G711Wav(Law.PCMA, new byte[] {(byte) 0xD5, (byte) 0xD5});
        assertEquals(wav.law(), G711Wav.read(wav.toWav()).law());
        assertArrayEquals(wav.samples(), G711Wav.read(wav.toWav()).samples());
        assertEquals(1000, new G711Wav(Law.PCMA, new byte[8000]).durationMs());
    }

    @Test
    void refusesWhatIsNotG711EightKilohertzMonoSayingWhatWasFound() {
        assertRefused(withFormat(1, 1, 8000, 16), "encoding is linear PCM (WAV format 1), 16 bits; expected G.711 mu-law or A-law (WAV format 7 or 6), 8 bits");
        assertRefused(withFormat(7, 1, 16000, 8), "sample rate is 16000 Hz, expected 8000 Hz");
        assertRefused(withFormat(6, 2, 8000, 8), "channel count is 2, expected 1 (mono)");
        assertRefused(withFormat(0x55, 1, 8000, 0), "encoding is MP3 (WAV format 85), 0 bits; expected G.711 mu-law or A-law (WAV format 7 or 6), 8 bits");
        assertRefused("ID3\u0003 not a wav file".getBytes(), "not a WAV file: expected a RIFF/WAVE header, found 'ID3?'/' a w'");
        assertRefused(new byte[5], "not a WAV file: expected a RIFF/WAVE header, found 5 bytes");
        byte[] noData = java.util.Arrays.copyOf(SOX_HEADER_AND_3_SAMPLES, 50);
        assertRefused(noData, "WAV file has no audio (empty or missing data chunk)");
    }

    @Test
    void aFileShorterThanItsChunksClaimIsRefusedAsTruncated() {
        // The data chunk says 3 bytes; the file ends after 1 of them.
        assertRefused(java.util.Arrays.copyOf(SOX_HEADER_AND_3_SAMPLES, 59),
                "'data' chunk claims 3 bytes, the file holds 1 after its header: the file is truncated");
        assertRefused(java.util.Arrays.copyOf(SOX_HEADER_AND_3_SAMPLES, 46),
                "'fact' chunk claims 4 bytes, the file holds 0 after its header: the file is truncated");
        // The missing pad byte after an odd-length last chunk is harmless.
        assertEquals(3, assertDoesNotThrow(() -> G711Wav.read(java.util.Arrays.copyOf(SOX_HEADER_AND_3_SAMPLES, 61)))
                .samples().length);
    }

    private static byte[] withFormat(int format, int channels, int rate, int bits) {
        byte[] file = SOX_HEADER_AND_3_SAMPLES.clone();
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort(20, (short) format).putShort(22, (short) channels).putInt(24, rate).putShort(34, (short) bits);
        return file;
    }

    private static void assertRefused(byte[] file, String message) {
        assertEquals(message, assertThrows(WavFormatException.class, () -> G711Wav.read(file)).getMessage());
    }
}
