package io.ringback.media.app;

import io.ringback.common.Failure;

import io.ringback.media.adapter.persistence.PromptRepository;
import io.ringback.media.wav.G711Wav;
import io.ringback.media.wav.WavFormatException;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Where prompts come from: an upload in the database wins over the set shipped in {@code audio/}
 * (packaged on the classpath under {@code prompts/}). Audio is cached per replica; an upload or
 * delete through this replica clears its entry, other replicas see the change within
 * {@link #CACHE_SECONDS} seconds.
 */
@ApplicationScoped
public class PromptLibrary {

    /** The shipped languages and stages (audio/README.md). */
    public static final List<String> SHIPPED_LANGUAGES = List.of("es", "en");
    public static final List<String> SHIPPED_NAMES = List.of("welcome", "enter_pin", "enter_destination", "confirm",
            "connecting", "invalid_destination", "insufficient_balance", "route_failed", "goodbye",
            "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "warning_tone", "music_on_hold");
    static final long CACHE_SECONDS = 30;

    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2}(-[A-Z]{2})?");
    private static final Pattern NAME = Pattern.compile("[a-z0-9_]{1,64}");

    private record Cached(G711Wav wav, long loadedAtSecond) {
    }

    /** A prompt as listed: uploaded or shipped. */
    public record PromptInfo(String language, String name, String encoding, long durationMs, String source) {
    }

    private final PromptRepository repository;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public PromptLibrary(PromptRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    public static void checkId(String language, String name) {
        if (language == null || !LANGUAGE.matcher(language).matches()) {
            throw Failure.invalid("invalid-prompt-id", "Invalid prompt id",
                    "language '" + language + "' is not a language tag like 'es' or 'en-GB'");
        }
        if (name == null || !NAME.matcher(name).matches()) {
            throw Failure.invalid("invalid-prompt-id", "Invalid prompt id",
                    "prompt id '" + name + "' must be 1-64 of a-z, 0-9 and _");
        }
    }

    /** The audio of a prompt. */
    public G711Wav load(String language, String name) throws PromptNotFoundException {
        checkId(language, name);
        String key = language + "/" + name;
        long now = clock.instant().getEpochSecond();
        Cached cached = cache.get(key);
        if (cached != null && now - cached.loadedAtSecond() < CACHE_SECONDS) {
            return cached.wav();
        }
        G711Wav wav = uploaded(language, name).or(() -> shipped(language, name))
                .orElseThrow(() -> new PromptNotFoundException(language, name));
        cache.put(key, new Cached(wav, now));
        return wav;
    }

    /** Stores an upload after validating it; answers true when it is new. */
    public boolean upload(String language, String name, byte[] file) throws WavFormatException {
        checkId(language, name);
        G711Wav wav = G711Wav.read(file);
        try {
            boolean created = repository.save(language, name, wav, clock.instant());
            cache.remove(language + "/" + name);
            return created;
        } catch (SQLException e) {
            throw new PromptStoreUnavailableException("storing prompt " + language + "/" + name + " failed", e);
        }
    }

    /** Deletes an upload (a shipped prompt of the same id plays again); false when there was none. */
    public boolean delete(String language, String name) {
        checkId(language, name);
        try {
            boolean deleted = repository.delete(language, name);
            cache.remove(language + "/" + name);
            return deleted;
        } catch (SQLException e) {
            throw new PromptStoreUnavailableException("deleting prompt " + language + "/" + name + " failed", e);
        }
    }

    /** Uploaded prompts, then shipped ones not overridden, for one language or all (null). */
    public List<PromptInfo> list(String language) {
        if (language != null && !LANGUAGE.matcher(language).matches()) {
            throw Failure.invalid("invalid-prompt-id", "Invalid prompt id",
                    "language '" + language + "' is not a language tag like 'es' or 'en-GB'");
        }
        List<PromptInfo> out = new ArrayList<>();
        try {
            for (PromptRepository.StoredPrompt p : repository.list(language)) {
                out.add(new PromptInfo(p.language(), p.name(), p.law().name(), p.samples() / 8, "uploaded"));
            }
        } catch (SQLException e) {
            throw new PromptStoreUnavailableException("listing prompts failed", e);
        }
        for (String lang : SHIPPED_LANGUAGES) {
            if (language != null && !language.equals(lang)) {
                continue;
            }
            for (String name : SHIPPED_NAMES) {
                boolean overridden = out.stream().anyMatch(p -> p.language().equals(lang) && p.name().equals(name));
                if (!overridden) {
                    shipped(lang, name).ifPresent(wav -> out.add(
                            new PromptInfo(lang, name, wav.law().name(), wav.durationMs(), "shipped")));
                }
            }
        }
        return out;
    }

    /** The audio that plays for an id, uploaded or shipped (for download). */
    public Optional<G711Wav> uploadedOrShipped(String language, String name) {
        checkId(language, name);
        return uploaded(language, name).or(() -> shipped(language, name));
    }

    private Optional<G711Wav> uploaded(String language, String name) {
        try {
            return repository.find(language, name);
        } catch (SQLException e) {
            throw new PromptStoreUnavailableException("reading prompt " + language + "/" + name + " failed", e);
        }
    }

    private static Optional<G711Wav> shipped(String language, String name) {
        try (InputStream in = PromptLibrary.class.getClassLoader()
                .getResourceAsStream("prompts/" + language + "/" + name + ".wav")) {
            if (in == null) {
                return Optional.empty();
            }
            return Optional.of(G711Wav.read(in.readAllBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (WavFormatException e) {
            throw new IllegalStateException("shipped prompt " + language + "/" + name + " is invalid: " + e.getMessage(), e);
        }
    }
}
