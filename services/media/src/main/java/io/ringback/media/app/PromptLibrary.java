package io.ringback.media.app;

import io.ringback.common.Failure;

import io.ringback.media.adapter.persistence.PromptRepository;
import io.ringback.media.ivr.SpokenAmount;
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
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Where prompts come from. A prompt belongs to the platform (owner {@code null}: uploaded by the
 * admin, or shipped in {@code audio/} and packaged on the classpath under {@code prompts/}) or to
 * one agent account (its own set, used by its templates). The calls of an owner play its own
 * upload of an id, else the platform's upload, else the shipped prompt; another account's prompts
 * never play for it. Audio is cached per replica; an upload or delete through this replica clears
 * its entries, other replicas see the change within {@link #CACHE_SECONDS} seconds.
 */
@ApplicationScoped
public class PromptLibrary {

    /** The shipped languages and stages (audio/README.md). */
    public static final List<String> SHIPPED_LANGUAGES = List.of("es", "en");
    public static final List<String> SHIPPED_NAMES = List.of("welcome", "enter_pin", "enter_destination", "confirm",
            "connecting", "invalid_destination", "insufficient_balance", "route_failed", "goodbye",
            "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "warning_tone", "music_on_hold");
    /** The words amounts and durations are said with ({@link SpokenAmount}), per shipped language. */
    private static final Map<String, List<String>> SHIPPED_WORDS = Map.of(
            "es", SpokenAmount.promptIds("es"), "en", SpokenAmount.promptIds("en"));
    static final long CACHE_SECONDS = 30;

    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2}(-[A-Z]{2})?");
    private static final Pattern NAME = Pattern.compile("[a-z0-9_]{1,64}");
    private static final String PLATFORM = "platform";

    private record Cached(G711Wav wav, long loadedAtSecond) {
    }

    /**
     * A prompt as listed.
     *
     * @param ownerAccountId the agent account that owns it; null for the platform's prompts
     * @param source         {@code uploaded} or {@code shipped}
     */
    public record PromptInfo(UUID ownerAccountId, String language, String name, String encoding, long durationMs,
                             String source) {
    }

    private final PromptRepository repository;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public PromptLibrary(PromptRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    public static void checkId(String language, String name) {
        checkLanguage(language);
        if (name == null || !NAME.matcher(name).matches()) {
            throw Failure.invalid("invalid-prompt-id", "Invalid prompt id",
                    "prompt id '" + name + "' must be 1-64 of a-z, 0-9 and _");
        }
    }

    private static void checkLanguage(String language) {
        if (language == null || !LANGUAGE.matcher(language).matches()) {
            throw Failure.invalid("invalid-prompt-id", "Invalid prompt id",
                    "language '" + language + "' is not a language tag like 'es' or 'en-GB'");
        }
    }

    /** The audio that plays for an owner's calls (null: the platform's). */
    public G711Wav load(UUID owner, String language, String name) throws PromptNotFoundException {
        checkId(language, name);
        String key = key(owner, language, name);
        long now = clock.instant().getEpochSecond();
        Cached cached = cache.get(key);
        if (cached != null && now - cached.loadedAtSecond() < CACHE_SECONDS) {
            return cached.wav();
        }
        G711Wav wav = resolve(owner, language, name).orElseThrow(() -> new PromptNotFoundException(language, name));
        cache.put(key, new Cached(wav, now));
        return wav;
    }

    /** Stores the owner's upload after validating it; answers true when it is new. */
    public boolean upload(UUID owner, String language, String name, byte[] file) throws WavFormatException {
        checkId(language, name);
        G711Wav wav = G711Wav.read(file);
        try {
            boolean created = repository.save(owner, language, name, wav, clock.instant());
            forget(owner, language, name);
            return created;
        } catch (SQLException e) {
            throw new PromptStoreUnavailableException("storing prompt " + language + "/" + name + " failed", e);
        }
    }

    /**
     * Deletes the owner's upload (what played before it plays again); false when the owner has
     * none of that id.
     */
    public boolean delete(UUID owner, String language, String name) {
        checkId(language, name);
        try {
            boolean deleted = repository.delete(owner, language, name);
            forget(owner, language, name);
            return deleted;
        } catch (SQLException e) {
            throw new PromptStoreUnavailableException("deleting prompt " + language + "/" + name + " failed", e);
        }
    }

    /**
     * The prompts an owner sees (null: the platform's only), of one language or all (null): its own
     * uploads, the platform's uploads, then the shipped ones no platform upload overrides.
     */
    public List<PromptInfo> list(UUID owner, String language) {
        if (language != null) {
            checkLanguage(language);
        }
        List<PromptInfo> out = new ArrayList<>();
        try {
            for (PromptRepository.StoredPrompt p : repository.list(owner, language)) {
                out.add(new PromptInfo(p.owner(), p.language(), p.name(), p.law().name(), p.samples() / 8, "uploaded"));
            }
        } catch (SQLException e) {
            throw new PromptStoreUnavailableException("listing prompts failed", e);
        }
        for (String lang : SHIPPED_LANGUAGES) {
            if (language != null && !language.equals(lang)) {
                continue;
            }
            List<String> names = new ArrayList<>(SHIPPED_NAMES);
            names.addAll(SHIPPED_WORDS.get(lang));
            for (String name : names) {
                boolean overridden = out.stream().anyMatch(p -> p.ownerAccountId() == null
                        && p.language().equals(lang) && p.name().equals(name));
                if (!overridden) {
                    shipped(lang, name).ifPresent(wav -> out.add(
                            new PromptInfo(null, lang, name, wav.law().name(), wav.durationMs(), "shipped")));
                }
            }
        }
        return out;
    }

    /** The prompt an owner's calls play for an id, if any (for download and CheckPrompts). */
    public Optional<G711Wav> resolve(UUID owner, String language, String name) {
        checkId(language, name);
        Optional<G711Wav> uploaded;
        try {
            uploaded = owner == null ? repository.findOwn(null, language, name) : repository.findFor(owner, language, name);
        } catch (SQLException e) {
            throw new PromptStoreUnavailableException("reading prompt " + language + "/" + name + " failed", e);
        }
        return uploaded.or(() -> shipped(language, name));
    }

    private void forget(UUID owner, String language, String name) {
        if (owner == null) {
            // The platform's prompt is what every owner without its own plays.
            String suffix = "/" + language + "/" + name;
            cache.keySet().removeIf(key -> key.endsWith(suffix));
        } else {
            cache.remove(key(owner, language, name));
        }
    }

    private static String key(UUID owner, String language, String name) {
        return (owner == null ? PLATFORM : owner.toString()) + "/" + language + "/" + name;
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
