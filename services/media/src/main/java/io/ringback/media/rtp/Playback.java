package io.ringback.media.rtp;

import io.ringback.media.codec.G711;
import io.ringback.media.codec.Law;
import io.ringback.media.wav.G711Wav;

import java.util.Arrays;
import java.util.List;

/**
 * Prompts being played on an endpoint, frame by frame (160 samples = 20 ms). The last frame of
 * the list is padded with silence.
 */
final class Playback {

    private final String operationId;
    private final List<G711Wav> prompts;
    private final boolean loop;
    private final boolean bargeIn;
    private final byte[][] converted;
    private Law convertedLaw;
    private int prompt;
    private int offset;

    Playback(String operationId, List<G711Wav> prompts, boolean loop, boolean bargeIn) {
        this.operationId = operationId;
        this.prompts = List.copyOf(prompts);
        this.loop = loop;
        this.bargeIn = bargeIn;
        this.converted = new byte[this.prompts.size()][];
    }

    /** A prompt's samples in the leg's law, converted once (transcoding when the laws differ). */
    private byte[] samples(int index, Law law) {
        if (law != convertedLaw) {
            Arrays.fill(converted, null);
            convertedLaw = law;
        }
        if (converted[index] == null) {
            G711Wav wav = prompts.get(index);
            converted[index] = G711.transcode(wav.law(), law, wav.samples());
        }
        return converted[index];
    }

    String operationId() {
        return operationId;
    }

    boolean bargeIn() {
        return bargeIn;
    }

    /** The next 20 ms in the given law, or null when the list has played out. */
    byte[] nextFrame(Law law) {
        byte[] frame = new byte[160];
        int filled = 0;
        while (filled < frame.length) {
            if (prompt >= prompts.size()) {
                if (!loop || prompts.isEmpty()) {
                    break;
                }
                prompt = 0;
            }
            byte[] samples = samples(prompt, law);
            int n = Math.min(frame.length - filled, samples.length - offset);
            System.arraycopy(samples, offset, frame, filled, n);
            filled += n;
            offset += n;
            if (offset >= samples.length) {
                prompt++;
                offset = 0;
            }
        }
        if (filled == 0) {
            return null;
        }
        Arrays.fill(frame, filled, frame.length, law.silence());
        return frame;
    }
}
