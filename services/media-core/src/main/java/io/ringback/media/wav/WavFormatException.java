package io.ringback.media.wav;

/** A WAV file that is not G.711 8 kHz mono; the message says what was found and what is expected. */
public class WavFormatException extends Exception {

    public WavFormatException(String message) {
        super(message);
    }
}
