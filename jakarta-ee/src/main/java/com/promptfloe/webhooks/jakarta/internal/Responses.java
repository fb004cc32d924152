package com.promptfloe.webhooks.jakarta.internal;

import com.promptfloe.webhooks.Outcome;
import com.promptfloe.webhooks.ReceiveResult;
import com.promptfloe.webhooks.WebhookHeaders;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Writes the small JSON answer PromptFloe (and a person reading its delivery log) gets. */
public final class Responses {

    private Responses() {
    }

    /**
     * Answers a result: status, {@code Retry-After} when PromptFloe should come back later, and
     * {@code {"status":409,"reason":"in_flight"}} (plus {@code "header"} for a missing header).
     *
     * @param request  the request, to name a missing header
     * @param response the response to write
     * @param result   what happened
     * @throws IOException when the client went away
     */
    public static void write(HttpServletRequest request, HttpServletResponse response, ReceiveResult result)
            throws IOException {
        StringBuilder json = new StringBuilder(64).append("{\"status\":").append(result.httpStatus())
                .append(",\"reason\":\"").append(result.reason()).append('"');
        if (result.outcome() == Outcome.MISSING_HEADER) {
            String missing = missingHeader(request);
            if (missing != null) {
                json.append(",\"header\":\"").append(missing).append('"');
            }
        }
        json.append('}');
        response.setStatus(result.httpStatus());
        Duration retryAfter = result.retryAfter();
        if (retryAfter != null) {
            long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
            response.setHeader("Retry-After", Long.toString(seconds));
        }
        if (result.outcome() == Outcome.METHOD_NOT_ALLOWED) {
            response.setHeader("Allow", "POST");
        }
        response.setHeader("Cache-Control", "no-store");
        byte[] body = json.toString().getBytes(StandardCharsets.UTF_8);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private static String missingHeader(HttpServletRequest request) {
        for (String name : new String[] {WebhookHeaders.SIGNATURE, WebhookHeaders.DELIVERY, WebhookHeaders.EVENT}) {
            if (request.getHeader(name) == null) {
                return name;
            }
        }
        return null;
    }
}
