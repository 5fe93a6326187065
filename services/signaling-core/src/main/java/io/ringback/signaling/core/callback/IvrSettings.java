package io.ringback.signaling.core.callback;

import io.ringback.signaling.core.destination.TransformationRule;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What the IVR template says, as the app maps it from its saved settings.
 *
 * @param prompts          the prompt (media's name for it) per stage; a stage without one is skipped
 * @param languages        the languages the template has, first the default
 * @param firstDigitTimeout how long to wait for the first digit
 * @param interDigitTimeout how long to wait between two digits
 * @param retries          how many times an input is asked again after a timeout or an invalid entry
 * @param terminator       the key that ends an entry ('#' usually)
 * @param format           the destination's format after transformation (whole match)
 * @param minLength        the fewest digits of a destination
 * @param maxLength        the most digits of a destination
 * @param rules            the transformation rules, applied in order
 * @param confirm          read the destination back and ask 1 = yes, 2 = re-enter
 * @param announceBalance  say the remaining balance after the welcome
 * @param announceMinutes  say the minutes the quote allows before connecting
 * @param musicOnHold      what leg A hears while leg B rings; null for ringback tone
 */
public record IvrSettings(Map<Prompt, String> prompts, List<String> languages, Duration firstDigitTimeout,
                          Duration interDigitTimeout, int retries, char terminator, Pattern format, int minLength,
                          int maxLength, List<TransformationRule> rules, boolean confirm, boolean announceBalance,
                          boolean announceMinutes, String musicOnHold) {
    public IvrSettings {
        prompts = Map.copyOf(prompts);
        languages = List.copyOf(languages);
        rules = List.copyOf(rules);
        Objects.requireNonNull(firstDigitTimeout, "firstDigitTimeout");
        Objects.requireNonNull(interDigitTimeout, "interDigitTimeout");
        Objects.requireNonNull(format, "format");
        if (retries < 0 || minLength < 1 || maxLength < minLength) {
            throw new IllegalArgumentException("retries >= 0 and 1 <= minLength <= maxLength required");
        }
    }
}
