package com.promptfloe.webhooks.internal;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads durations as the configuration and the test kit's command line write them: {@code PT5M}, {@code 300s}, {@code 5m}. */
public final class DurationText {

    /** How to write a duration, for error messages. */
    public static final String FORMS = "use ISO-8601 (PT5M, PT48H) or a whole number with ms, s, m, h or d (300s, 5m, 48h)";

    private static final Pattern SHORT = Pattern.compile("(\\d{1,12})\\s*(ms|s|m|h|d)");

    private DurationText() {
    }

    /**
     * Parses a duration in either form.
     *
     * @param text such as {@code 500ms}, {@code 10s}, {@code 5m}, {@code 48h}, {@code 1d} or {@code PT10S}
     * @return the duration, or empty when the text is in neither form
     */
    public static Optional<Duration> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String value = text.strip().toLowerCase(Locale.ROOT);
        Matcher shortForm = SHORT.matcher(value);
        if (shortForm.matches()) {
            long amount = Long.parseLong(shortForm.group(1));
            return Optional.of(switch (shortForm.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            });
        }
        try {
            return Optional.of(Duration.parse(value.toUpperCase(Locale.ROOT)));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /**
     * Writes a duration in the largest whole unit of the short form, for people: {@code 7d},
     * {@code 48h}, {@code 90s}; ISO-8601 when no unit divides it.
     *
     * @param duration the duration
     * @return the text, which {@link #parse} reads back to the same duration
     */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        if (duration.isNegative() || !Duration.ofMillis(millis).equals(duration)) {
            return duration.toString();
        }
        long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1000L, 1L};
        String[] units = {"d", "h", "m", "s", "ms"};
        for (int i = 0; i < sizes.length; i++) {
            if (millis % sizes[i] == 0 && millis > 0) {
                return millis / sizes[i] + units[i];
            }
        }
        return "0s";
    }

    /**
     * Checks a setting that must be a positive duration: what every builder of the library asks.
     *
     * @param name the setting's name, for the message
     * @param value the value
     * @return the value
     * @throws NullPointerException when it is {@code null}
     * @throws IllegalArgumentException when it is zero or negative
     */
    public static Duration requirePositive(String name, Duration value) {
        Objects.requireNonNull(value, name + " must not be null");
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
        return value;
    }
}
