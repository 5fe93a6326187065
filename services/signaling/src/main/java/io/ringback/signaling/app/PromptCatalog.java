package io.ringback.signaling.app;

import java.util.List;
import java.util.UUID;

/** Which prompts exist, the port a template is checked against before it is saved (media's prompt library). */
public interface PromptCatalog {

    /**
     * The ids among {@code promptIds} that no prompt of {@code language} has for {@code owner} (its
     * own set, then the platform's; null: the platform's only), in the order asked.
     *
     * @throws io.ringback.common.Failure UNAVAILABLE when the catalog cannot answer
     */
    List<String> missing(String language, List<String> promptIds, UUID owner);
}
