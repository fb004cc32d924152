package com.promptfloe.webhooks.testkit.internal;

import java.util.concurrent.ThreadLocalRandom;

/** Random ids shaped like PromptFloe's ({@code evt_...}, {@code deliv_...}). */
public final class Ids {

    // Crockford's base32, as in ULIDs, which PromptFloe's ids resemble.
    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

    private Ids() {
    }

    /**
     * A new random id.
     *
     * @param prefix such as {@code evt_}
     * @return the prefix and 26 random characters
     */
    public static String next(String prefix) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        StringBuilder id = new StringBuilder(prefix.length() + 26).append(prefix);
        for (int i = 0; i < 26; i++) {
            id.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return id.toString();
    }
}
