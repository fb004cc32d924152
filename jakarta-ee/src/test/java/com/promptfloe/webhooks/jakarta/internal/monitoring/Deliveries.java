package com.promptfloe.webhooks.jakarta.internal.monitoring;

import com.promptfloe.webhooks.Outcome;
import com.promptfloe.webhooks.ReceiveResult;
import com.promptfloe.webhooks.Secret;
import com.promptfloe.webhooks.Signer;
import com.promptfloe.webhooks.WebhookHeaders;
import com.promptfloe.webhooks.WebhookReceiver;
import com.promptfloe.webhooks.monitoring.DeliveryListener;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;

/** Sends the deliveries both adapter tests count: every kind of answer the receive path gives. */
final class Deliveries {

    static final Secret SECRET = Secret.of("whsec_monitoring_test");
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-04-26T12:35:00Z"), ZoneOffset.UTC);

    private Deliveries() {
    }

    static WebhookReceiver receiver(DeliveryListener listener) {
        return WebhookReceiver.builder().secret(SECRET).clock(CLOCK).endpoint("orders").listener(listener)
                .handler(event -> {
                    if (event.id().startsWith("evt_fail")) {
                        throw new IllegalStateException("observer failed on " + event.id());
                    }
                }).build();
    }

    static byte[] body(String eventId, String type) {
        return ("{\"id\":\"" + eventId + "\",\"type\":\"" + type + "\",\"createdAt\":\"2026-04-26T12:34:56Z\","
                + "\"workspaceId\":\"ws_1\",\"data\":{}}").getBytes(StandardCharsets.UTF_8);
    }

    static ReceiveResult send(WebhookReceiver receiver, String deliveryId, String eventId, String type,
            Instant signedAt, Secret secret) {
        byte[] body = body(eventId, type);
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.put(WebhookHeaders.SIGNATURE, Signer.of(secret).header(signedAt, body));
        headers.put(WebhookHeaders.DELIVERY, deliveryId);
        headers.put(WebhookHeaders.EVENT, type);
        return receiver.receive(headers::get, body);
    }

    /**
     * Two processed (one of an unknown type), one duplicate, one failing observer, one bad signature and one
     * refused by the HTTP layer: the counts each backend must show.
     */
    static void sendTheMix(WebhookReceiver receiver) {
        Instant now = CLOCK.instant();
        check(send(receiver, "d_1", "evt_1", "deployment.live", now.minusSeconds(3), SECRET), Outcome.PROCESSED);
        check(send(receiver, "d_1", "evt_1", "deployment.live", now.minusSeconds(2), SECRET), Outcome.DUPLICATE);
        check(send(receiver, "d_2", "evt_2", "brand.new.type", now.minusSeconds(1), SECRET), Outcome.PROCESSED);
        check(send(receiver, "d_3", "evt_fail_3", "deployment.live", now, SECRET), Outcome.HANDLER_FAILED);
        check(send(receiver, "d_4", "evt_4", "deployment.live", now, Secret.of("whsec_wrong")),
                Outcome.SIGNATURE_MISMATCH);
        check(receiver.refuse(Outcome.METHOD_NOT_ALLOWED, "GET"), Outcome.METHOD_NOT_ALLOWED);
    }

    private static void check(ReceiveResult result, Outcome expected) {
        if (result.outcome() != expected) {
            throw new AssertionError("expected " + expected + " but the receiver answered " + result);
        }
    }
}
