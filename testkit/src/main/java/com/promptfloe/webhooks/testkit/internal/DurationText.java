package com.promptfloe.webhooks.testkit.internal;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads durations the way the configuration keys do: ISO-8601 ({@code PT10S}) or short ({@code 10s}, {@code 500ms}). */
public final class DurationText {

    private static final Pattern SHORT = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private DurationText() {
    }

    /**
     * Parses a duration.
     *
     * @param text such as {@code 10s}, {@code 500ms}, {@code 5m}, {@code 48h}, {@code 1d} or {@code PT10S}
     * @return the duration
     * @throws IllegalArgumentException naming the text when it is neither form
     */
    public static Duration parse(String text) {
        String trimmed = text == null ? "" : text.strip();
        Matcher matcher = SHORT.matcher(trimmed.toLowerCase(Locale.ROOT));
        if (matcher.matches()) {
            long amount = Long.parseLong(matcher.group(1));
            return switch (matcher.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        }
        try {
            return Duration.parse(trimmed);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a duration: '" + text + "'; use 10s, 500ms, 5m, 2h or PT10S", e);
        }
    }
}
