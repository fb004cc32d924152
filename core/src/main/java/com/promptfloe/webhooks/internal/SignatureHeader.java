package com.promptfloe.webhooks.internal;

import com.promptfloe.webhooks.VerificationException;
import com.promptfloe.webhooks.VerificationException.Reason;
import java.util.ArrayList;
import java.util.List;

/**
 * A parsed {@code X-PromptFloe-Signature}: one timestamp and one or more {@code v1} digests.
 *
 * @param timestamp unix seconds, not negative
 * @param signatures the decoded {@code v1} digests, 32 bytes each
 */
public record SignatureHeader(long timestamp, List<byte[]> signatures) {

    /** Longer headers are refused before any parsing: PromptFloe's carry a handful of 64-char digests. */
    public static final int MAX_LENGTH = 4096;
    private static final int DIGEST_HEX_LENGTH = 64;

    /**
     * Parses a header value; items are {@code key=value}, comma-separated, white space around items is
     * ignored, as are schemes other than {@code t} and {@code v1}, and a {@code v1} that is not 64 hex
     * characters when another {@code v1} is readable.
     *
     * @param header the header value
     * @return the parsed header
     * @throws VerificationException with {@link Reason#MISSING} or {@link Reason#MALFORMED}
     */
    public static SignatureHeader parse(String header) throws VerificationException {
        if (header == null) {
            throw new VerificationException(Reason.MISSING, "no X-PromptFloe-Signature header");
        }
        if (header.length() > MAX_LENGTH) {
            throw malformed("it is " + header.length() + " characters long, more than " + MAX_LENGTH);
        }
        if (header.isBlank()) {
            throw malformed("it is empty");
        }
        long timestamp = -1;
        List<byte[]> signatures = new ArrayList<>(2);
        String unreadable = null;
        int start = 0;
        int length = header.length();
        while (start <= length) {
            int comma = header.indexOf(',', start);
            int end = comma < 0 ? length : comma;
            int from = skipSpace(header, start, end);
            int to = trimSpace(header, from, end);
            if (from == to) {
                throw malformed("it has an empty item");
            }
            int eq = header.indexOf('=', from);
            if (eq < 0 || eq >= to) {
                throw malformed("item '" + abbreviate(header, from, to) + "' is not key=value");
            }
            String key = header.substring(from, trimSpace(header, from, eq));
            int valueFrom = skipSpace(header, eq + 1, to);
            if (key.equals("t")) {
                if (timestamp >= 0) {
                    throw malformed("it has more than one t");
                }
                timestamp = parseSeconds(header, valueFrom, to);
            } else if (key.equals("v1")) {
                // An entry that can never match is skipped, as stripe-java does for the same scheme:
                // the readable v1 beside it decides. Only a header with no readable v1 is refused.
                byte[] digest = to - valueFrom == DIGEST_HEX_LENGTH ? Hex.decode(header, valueFrom, to) : null;
                if (digest != null) {
                    signatures.add(digest);
                } else if (unreadable == null) {
                    unreadable = to - valueFrom != DIGEST_HEX_LENGTH
                            ? "a v1 must be 64 hex characters, one is " + (to - valueFrom)
                            : "a v1 has a character that is not hex";
                }
            }
            if (comma < 0) {
                break;
            }
            start = comma + 1;
        }
        if (timestamp < 0) {
            throw malformed("it has no t=<unix seconds>");
        }
        if (signatures.isEmpty()) {
            throw malformed(unreadable != null ? unreadable + " (and no other v1 is readable)"
                    : "it has no v1 signature (only schemes this library does not check)");
        }
        return new SignatureHeader(timestamp, List.copyOf(signatures));
    }

    private static long parseSeconds(String header, int from, int to) throws VerificationException {
        if (from == to) {
            throw malformed("t is empty");
        }
        if (to - from > 12) {
            throw malformed("t is not a plausible unix time in seconds: '" + abbreviate(header, from, to) + "'");
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            char c = header.charAt(i);
            if (c < '0' || c > '9') {
                throw malformed("t must be whole unix seconds, not '" + abbreviate(header, from, to) + "'");
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static int skipSpace(String s, int from, int to) {
        while (from < to && Character.isWhitespace(s.charAt(from))) {
            from++;
        }
        return from;
    }

    private static int trimSpace(String s, int from, int to) {
        while (to > from && Character.isWhitespace(s.charAt(to - 1))) {
            to--;
        }
        return to;
    }

    private static String abbreviate(String s, int from, int to) {
        return to - from <= 20 ? s.substring(from, to) : s.substring(from, from + 20) + "...";
    }

    private static VerificationException malformed(String what) {
        return new VerificationException(Reason.MALFORMED, "X-PromptFloe-Signature is malformed: " + what
                + "; expected t=<unix seconds>,v1=<64 hex characters>");
    }
}
