package com.promptfloe.webhooks;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * Request-body helpers for adapters: read the body once, as bytes, with a limit.
 *
 * <pre>{@code
 * byte[] body = Bodies.readAtMost(request.getInputStream(), 1 << 20);
 * }</pre>
 */
public final class Bodies {

    /** The default body limit: 1 MiB. */
    public static final int DEFAULT_MAX_BODY_SIZE = 1 << 20;

    private Bodies() {
    }

    /**
     * Reads the whole stream, refusing as soon as it holds more than {@code maxBytes}; at most
     * {@code maxBytes + 1} bytes are ever buffered.
     *
     * @param in the body
     * @param maxBytes the limit
     * @return the body's bytes
     * @throws PayloadTooLargeException when the body is larger than the limit
     * @throws IOException when reading fails
     */
    public static byte[] readAtMost(InputStream in, int maxBytes) throws IOException {
        if (maxBytes < 0 || maxBytes == Integer.MAX_VALUE) {
            throw new IllegalArgumentException("body limit must be 0 to " + (Integer.MAX_VALUE - 1) + ": " + maxBytes);
        }
        byte[] body = in.readNBytes(maxBytes + 1);
        if (body.length > maxBytes) {
            throw new PayloadTooLargeException(maxBytes);
        }
        return body;
    }

    /**
     * Whether a {@code Content-Type} is JSON: {@code application/json}, with or without parameters.
     *
     * @param contentType the header value, or {@code null}
     * @return {@code true} for JSON
     */
    public static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String mediaType = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip();
        return mediaType.toLowerCase(Locale.ROOT).equals("application/json");
    }
}
