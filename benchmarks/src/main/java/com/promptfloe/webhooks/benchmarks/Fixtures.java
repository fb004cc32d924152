package com.promptfloe.webhooks.benchmarks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Realistic signed deliveries for the benchmarks: a {@code skill.completed} envelope whose markdown
 * report is padded to the wanted body size, and the same data in a Stripe-shaped event for
 * stripe-java, which cannot read PromptFloe's envelope into its own {@code Event}.
 */
final class Fixtures {

    static final String SECRET = "whsec_bm_5c1f0e6b2a9d47f3b8e1c0a4d7f29e6b";
    /** Signing instant of every fixture; the verifiers under test get a clock fixed at it. */
    static final Instant SIGNED_AT = Instant.parse("2026-04-26T12:35:00Z");
    static final String ENDPOINT = "default";

    private static final String MARKDOWN_LINE = "## Finding: the primary button has a contrast ratio of 2.9:1\\n"
            + "- Raise it to at least 4.5:1 (WCAG AA); the hero's \\\"Start free\\\" uses #8fb3ff on white.\\n";

    private Fixtures() {
    }

    /** An id of fixed width, so that every body of one size is exactly that size. */
    static String id(String prefix, long n) {
        String digits = Long.toString(n, 36);
        return prefix + "01JS" + "0".repeat(20 - digits.length()) + digits;
    }

    /**
     * A {@code skill.completed} envelope of exactly {@code size} bytes.
     *
     * @param eventId the envelope's {@code id}
     * @param size total body length in bytes
     * @return the UTF-8 body
     */
    static byte[] skillCompleted(String eventId, int size) {
        return pad(eventId, size, false);
    }

    /**
     * The same data as {@link #skillCompleted} inside a Stripe event envelope, of exactly {@code size} bytes.
     *
     * @param eventId the event's {@code id}
     * @param size total body length in bytes
     * @return the UTF-8 body
     */
    static byte[] stripeShaped(String eventId, int size) {
        return pad(eventId, size, true);
    }

    private static byte[] pad(String eventId, int size, boolean stripe) {
        String head = stripe
                ? "{\"id\":\"" + eventId + "\",\"object\":\"event\",\"api_version\":\"2024-06-20\",\"created\":"
                        + SIGNED_AT.getEpochSecond() + ",\"livemode\":false,\"pending_webhooks\":1,"
                        + "\"request\":{\"id\":null,\"idempotency_key\":null},\"type\":\"skill.completed\","
                        + "\"data\":{\"object\":"
                : "{\"id\":\"" + eventId + "\",\"type\":\"skill.completed\",\"createdAt\":\"2026-04-26T12:34:56.789Z\","
                        + "\"workspaceId\":\"ws_01JS8Q2M4N6P8R0T2V4X6Z8B0D\",\"data\":";
        String dataHead = "{\"runId\":\"run_01JS8Q3A5C7E9G1J3L5N7Q9S1U\",\"alias\":\"ux-critique\",\"kind\":\"critique\","
                + "\"markdown\":\"";
        String dataTail = "\",\"insights\":[{\"severity\":\"high\",\"title\":\"Low contrast call to action\","
                + "\"file\":\"src/components/Hero.tsx\"},{\"severity\":\"medium\",\"title\":\"Missing alt text\","
                + "\"file\":\"src/components/Gallery.tsx\"}],\"tokensUsed\":18234}";
        String tail = stripe ? "}}" : "}";
        int fixed = head.length() + dataHead.length() + dataTail.length() + tail.length();
        int room = size - fixed;
        if (room < 0) {
            throw new IllegalArgumentException("a body of " + size + " bytes cannot hold the envelope (" + fixed + ")");
        }
        StringBuilder markdown = new StringBuilder(room);
        while (markdown.length() + MARKDOWN_LINE.length() <= room) {
            markdown.append(MARKDOWN_LINE);
        }
        // Plain letters fill the rest so that no escape sequence is cut in half.
        while (markdown.length() < room) {
            markdown.append('x');
        }
        byte[] body = (head + dataHead + markdown + dataTail + tail).getBytes(StandardCharsets.UTF_8);
        if (body.length != size) {
            throw new IllegalStateException("fixture is " + body.length + " bytes, not " + size);
        }
        return body;
    }

    /** A ready HMAC-SHA256 keyed with {@link #SECRET}, as the floor keeps one. */
    static Mac mac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The bytes the signature covers before the body: {@code <t>.}. */
    static byte[] signedPrefix() {
        return (SIGNED_AT.getEpochSecond() + ".").getBytes(StandardCharsets.US_ASCII);
    }

    /** The raw digest of {@code <t>.<body>}. */
    static byte[] digest(byte[] body) {
        Mac mac = mac();
        mac.update(signedPrefix());
        return mac.doFinal(body);
    }
}
