package io.ringback.media.wav;

import io.ringback.media.codec.Law;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A prompt as the media service plays it: G.711 samples at 8 kHz, mono, read from a RIFF/WAVE
 * file whose fmt chunk says WAVE_FORMAT_MULAW (7) or WAVE_FORMAT_ALAW (6), 8 bits per sample.
 *
 * @param law     the law of the samples
 * @param samples the G.711 bytes, one per sample
 */
public record G711Wav(Law law, byte[] samples) {

    private static final int FORMAT_PCM = 1;
    private static final int FORMAT_ALAW = 6;
    private static final int FORMAT_MULAW = 7;
    private static final int FORMAT_EXTENSIBLE = 0xFFFE;

    public G711Wav {
        samples = samples.clone();
    }

    @Override
    public byte[] samples() {
        return samples.clone();
    }

    /** Length in milliseconds. */
    public long durationMs() {
        return samples.length / 8L;
    }

    /** Reads and validates a WAV file. */
    public static G711Wav read(byte[] file) throws WavFormatException {
        ByteBuffer in = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        if (file.length < 12 || !tag(file, 0).equals("RIFF") || !tag(file, 8).equals("WAVE")) {
            throw new WavFormatException("not a WAV file: expected a RIFF/WAVE header, found "
                    + (file.length < 12 ? file.length + " bytes" : "'" + printable(tag(file, 0)) + "'/'" + printable(tag(file, 8)) + "'"));
        }
        int at = 12;
        Integer format = null;
        int channels = 0;
        int rate = 0;
        int bits = 0;
        byte[] data = null;
        while (at + 8 <= file.length) {
            String id = tag(file, at);
            long size = in.getInt(at + 4) & 0xFFFF_FFFFL;
            int body = at + 8;
            if (size > file.length - body) {
                // A truncated file (an interrupted upload or copy) would otherwise play as a
                // shorter, possibly empty, prompt and silently replace a whole one.
                throw new WavFormatException("'" + printable(id) + "' chunk claims " + size + " bytes, the file holds "
                        + (file.length - body) + " after its header: the file is truncated");
            }
            long available = size;
            if (id.equals("fmt ")) {
                if (available < 16) {
                    throw new WavFormatException("fmt chunk is " + available + " bytes, expected at least 16");
                }
                format = in.getShort(body) & 0xFFFF;
                channels = in.getShort(body + 2) & 0xFFFF;
                rate = in.getInt(body + 4);
                bits = in.getShort(body + 14) & 0xFFFF;
                if (format == FORMAT_EXTENSIBLE && available >= 26) {
                    // The sub-format GUID starts with the format tag.
                    format = in.getShort(body + 24) & 0xFFFF;
                }
            } else if (id.equals("data")) {
                data = Arrays.copyOfRange(file, body, (int) (body + available));
            }
            // RIFF chunks are padded to an even length.
            at = (int) Math.min(Integer.MAX_VALUE, body + size + (size & 1));
        }
        if (format == null) {
            throw new WavFormatException("WAV file has no fmt chunk");
        }
        Law law = switch (format) {
            case FORMAT_MULAW -> Law.PCMU;
            case FORMAT_ALAW -> Law.PCMA;
            default -> throw new WavFormatException("encoding is " + formatName(format) + ", " + bits
                    + " bits; expected G.711 mu-law or A-law (WAV format 7 or 6), 8 bits");
        };
        if (rate != 8000) {
            throw new WavFormatException("sample rate is " + rate + " Hz, expected 8000 Hz");
        }
        if (channels != 1) {
            throw new WavFormatException("channel count is " + channels + ", expected 1 (mono)");
        }
        if (bits != 8) {
            throw new WavFormatException("G.711 with " + bits + " bits per sample, expected 8");
        }
        if (data == null || data.length == 0) {
            throw new WavFormatException("WAV file has no audio (empty or missing data chunk)");
        }
        return new G711Wav(law, data);
    }

    /** Writes a canonical WAV file (fmt with cbSize 0, fact, data). */
    public byte[] toWav() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(58 + samples.length);
        ByteBuffer header = ByteBuffer.allocate(58).order(ByteOrder.LITTLE_ENDIAN);
        int dataPad = samples.length & 1;
        header.put("RIFF".getBytes()).putInt(50 + samples.length + dataPad).put("WAVE".getBytes());
        header.put("fmt ".getBytes()).putInt(18).putShort((short) (law == Law.PCMU ? FORMAT_MULAW : FORMAT_ALAW))
                .putShort((short) 1).putInt(8000).putInt(8000).putShort((short) 1).putShort((short) 8).putShort((short) 0);
        header.put("fact".getBytes()).putInt(4).putInt(samples.length);
        header.put("data".getBytes()).putInt(samples.length);
        out.writeBytes(header.array());
        out.writeBytes(samples);
        if (dataPad == 1) {
            out.write(0);
        }
        return out.toByteArray();
    }

    private static String formatName(int format) {
        return switch (format) {
            case FORMAT_PCM -> "linear PCM (WAV format 1)";
            case 3 -> "IEEE float (WAV format 3)";
            case 2 -> "Microsoft ADPCM (WAV format 2)";
            case 0x11 -> "IMA ADPCM (WAV format 17)";
            case 0x55 -> "MP3 (WAV format 85)";
            default -> "WAV format " + format;
        };
    }

    private static String tag(byte[] file, int at) {
        return new String(file, at, 4, StandardCharsets.ISO_8859_1);
    }

    private static String printable(String tag) {
        return tag.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
