package com.promptfloe.webhooks.emulator;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One request the {@link LocalPromptFloe} received, for a test's assertions. The API key in
 * {@code Authorization} is kept as {@code (redacted)} after the scheme.
 *
 * @param receivedAt when it arrived
 * @param method     such as {@code POST}
 * @param path       the path with its query, such as {@code /v1/webhooks?limit=2}
 * @param headers    the headers, names in lower case
 * @param body       the body bytes
 * @param status     what the local PromptFloe answered
 */
public record RecordedRequest(Instant receivedAt, String method, String path, Map<String, List<String>> headers,
        byte[] body, int status) {

    /**
     * Copies the values.
     *
     * @param receivedAt when it arrived
     * @param method     the method
     * @param path       the path and query
     * @param headers    the headers
     * @param body       the body
     * @param status     the answer's status
     */
    public RecordedRequest {
        headers = Map.copyOf(headers);
        body = body.clone();
    }

    /**
     * A header's first value.
     *
     * @param name any case
     * @return the value, or {@code null}
     */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /**
     * The body as UTF-8 text.
     *
     * @return the text
     */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    @Override
    public String toString() {
        return method + " " + path + " -> " + status;
    }
}
