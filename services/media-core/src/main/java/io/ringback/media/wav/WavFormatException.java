package io.ringback.media.wav;

import io.ringback.common.Failure;

/** A WAV file that is not G.711 8 kHz mono; the message says what was found and what is expected. */
public class WavFormatException extends Failure {

    public WavFormatException(String message) {
        super(Kind.UNPROCESSABLE, "invalid-prompt-audio", "Invalid prompt audio", message);
    }
}
