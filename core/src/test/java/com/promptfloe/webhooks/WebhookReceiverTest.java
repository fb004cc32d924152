package com.promptfloe.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.promptfloe.webhooks.event.DeploymentLive;
import com.promptfloe.webhooks.event.PromptFloeEvent;
import com.promptfloe.webhooks.event.UnknownEvent;
import com.promptfloe.webhooks.ledger.CaffeineDeliveryLedger;
import com.promptfloe.webhooks.ledger.Claim;
import com.promptfloe.webhooks.ledger.DeliveryKey;
import com.promptfloe.webhooks.ledger.DeliveryLedger;
import com.promptfloe.webhooks.ledger.LedgerException;
import com.promptfloe.webhooks.ledger.TestClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WebhookReceiverTest {

    private static final Secret SECRET = Secret.of("whsec_receiver_test");
    private final TestClock clock = new TestClock(Instant.parse("2026-04-26T12:35:00Z"));
    private final List<PromptFloeEvent> handled = new CopyOnWriteArrayList<>();
    private final CaffeineDeliveryLedger ledger = CaffeineDeliveryLedger.builder().clock(clock).build();

    private WebhookReceiver receiver(EventHandler handler) {
        return WebhookReceiver.builder().secret(SECRET).clock(clock).ledger(ledger).handler(handler).build();
    }

    private WebhookReceiver receiver() {
        return receiver(handled::add);
    }

    private static byte[] body(String eventId, String type) {
        return ("{\"id\":\"" + eventId + "\",\"type\":\"" + type + "\",\"createdAt\":\"2026-04-26T12:34:56Z\","
                + "\"workspaceId\":\"ws_1\",\"data\":{\"url\":\"https://demo.example\"}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** A delivery as PromptFloe sends it; tests change one part at a time. */
    private final class Delivery {
        final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        byte[] body;

        Delivery(String deliveryId, String eventId, String type) {
            body = body(eventId, type);
            headers.put(WebhookHeaders.SIGNATURE, Signer.of(SECRET).header(clock.instant(), body));
            headers.put(WebhookHeaders.DELIVERY, deliveryId);
            headers.put(WebhookHeaders.EVENT, type);
        }

        ReceiveResult sendTo(WebhookReceiver receiver) {
            return receiver.receive(headers::get, body);
        }
    }

    private Delivery live(String deliveryId, String eventId) {
        return new Delivery(deliveryId, eventId, "deployment.live");
    }

    @Test
    void processesAValidDeliveryOnceWithItsTypedEvent() {
        ReceiveResult result = live("deliv_1", "evt_1").sendTo(receiver());
        assertThat(result.outcome()).isEqualTo(Outcome.PROCESSED);
        assertThat(result.httpStatus()).isEqualTo(200);
        assertThat(handled).singleElement().isInstanceOfSatisfying(DeploymentLive.class, live -> {
            assertThat(live.url()).isEqualTo("https://demo.example");
            assertThat(live.deliveryId()).isEqualTo("deliv_1");
        });
    }

    @Test
    void duplicateDeliveryIsAcknowledgedWithoutProcessing() {
        WebhookReceiver receiver = receiver();
        live("deliv_1", "evt_1").sendTo(receiver);
        clock.advance(Duration.ofMinutes(1));
        ReceiveResult again = live("deliv_1", "evt_1").sendTo(receiver);
        assertThat(again.outcome()).isEqualTo(Outcome.DUPLICATE);
        assertThat(again.httpStatus()).isEqualTo(200);
        assertThat(handled).hasSize(1);
    }

    @Test
    void aDoneDeliveryIsRememberedByItsSignedEventIdAlone() {
        WebhookReceiver receiver = receiver();
        live("deliv_1", "evt_1").sendTo(receiver);

        assertThat(ledger.begin(new DeliveryKey("default", "deliv_other", "evt_1", "deployment.live")).state())
                .isEqualTo(Claim.State.DONE);
        assertThat(ledger.estimatedSize()).as("one entry per done delivery").isEqualTo(1);

        clock.advance(Duration.ofHours(24));
        assertThat(live("deliv_1", "evt_1").sendTo(receiver).outcome()).isEqualTo(Outcome.DUPLICATE);
        assertThat(handled).hasSize(1);
    }

    @Test
    void replayWithForgedDeliveryIdDoesNotReachTheHandlerTwice() {
        WebhookReceiver receiver = receiver();
        Delivery captured = live("deliv_1", "evt_1");
        captured.sendTo(receiver);
        captured.headers.put(WebhookHeaders.DELIVERY, "deliv_forged");
        ReceiveResult replay = captured.sendTo(receiver);
        assertThat(replay.outcome()).isEqualTo(Outcome.DUPLICATE);
        assertThat(handled).hasSize(1);
        // The forged id is not remembered: the ledger holds no key an attacker chose.
        assertThat(ledger.estimatedSize()).isEqualTo(1);
        Claim forgedWithItsOwnEvent = ledger.begin(new DeliveryKey("default", "deliv_forged", "evt_2",
                "deployment.live"));
        assertThat(forgedWithItsOwnEvent.state()).isEqualTo(Claim.State.NEW);
    }

    @Test
    void anEventIdLongerThanALedgerTakesIsRefusedAs400AndReachesNoHandler() {
        ReceiveResult result = live("deliv_1", "evt_" + "x".repeat(300)).sendTo(receiver());
        assertThat(result.outcome()).isEqualTo(Outcome.MALFORMED_PAYLOAD);
        assertThat(result.httpStatus()).isEqualTo(400);
        assertThat(result.detail()).contains("event id", "1 to 255 characters");
        assertThat(handled).isEmpty();
        assertThat(ledger.estimatedSize()).isZero();
    }

    @Test
    void verifyAloneChecksEverythingButRecordsNothing() {
        WebhookReceiver receiver = receiver();
        Delivery delivery = live("deliv_1", "evt_1");
        for (int i = 0; i < 2; i++) {
            Admission admission = receiver.verify(delivery.headers::get, delivery.body);
            assertThat(admission.admitted()).isTrue();
            assertThat(admission.complete().outcome()).isEqualTo(Outcome.PROCESSED);
        }
        assertThat(ledger.estimatedSize()).isZero();
        delivery.headers.put(WebhookHeaders.SIGNATURE, Signer.of(Secret.of("whsec_wrong")).header(clock.instant(),
                delivery.body));
        assertThat(receiver.verify(delivery.headers::get, delivery.body).result().outcome())
                .isEqualTo(Outcome.SIGNATURE_MISMATCH);
    }

    @Test
    void handlerFailureAnswers500ForgetsAndTheRetryIsProcessedOnce() {
        List<String> attempts = new ArrayList<>();
        WebhookReceiver receiver = receiver(event -> {
            attempts.add(event.deliveryId());
            if (attempts.size() == 1) {
                throw new IllegalStateException("database busy");
            }
            handled.add(event);
        });
        ReceiveResult first = live("deliv_1", "evt_1").sendTo(receiver);
        assertThat(first.outcome()).isEqualTo(Outcome.HANDLER_FAILED);
        assertThat(first.httpStatus()).isEqualTo(500);
        assertThat(first.detail()).contains("database busy");

        clock.advance(Duration.ofMinutes(1));
        assertThat(live("deliv_1", "evt_1").sendTo(receiver).outcome()).isEqualTo(Outcome.PROCESSED);
        clock.advance(Duration.ofMinutes(5));
        assertThat(live("deliv_1", "evt_1").sendTo(receiver).outcome()).isEqualTo(Outcome.DUPLICATE);
        assertThat(attempts).hasSize(2);
        assertThat(handled).hasSize(1);
    }

    @Test
    void anErrorFromTheHandlerReleasesTheDeliveryAndPropagates() {
        WebhookReceiver receiver = receiver(event -> {
            throw new StackOverflowError("boom");
        });
        assertThatThrownBy(() -> live("deliv_1", "evt_1").sendTo(receiver)).isInstanceOf(StackOverflowError.class);
        assertThat(live("deliv_1", "evt_1").sendTo(receiver()).outcome()).isEqualTo(Outcome.PROCESSED);
    }

    @Test
    void concurrentDuplicateWhileTheFirstIsRunningGets409WithRetryAfter() throws Exception {
        CountDownLatch inHandler = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        WebhookReceiver receiver = receiver(event -> {
            inHandler.countDown();
            release.await(30, TimeUnit.SECONDS);
            handled.add(event);
        });
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<ReceiveResult> first = pool.submit(() -> live("deliv_1", "evt_1").sendTo(receiver));
            assertThat(inHandler.await(30, TimeUnit.SECONDS)).isTrue();
            ReceiveResult second = live("deliv_1", "evt_1").sendTo(receiver);
            assertThat(second.outcome()).isEqualTo(Outcome.IN_FLIGHT);
            assertThat(second.httpStatus()).isEqualTo(409);
            assertThat(second.retryAfter()).isEqualTo(Duration.ofSeconds(60));
            release.countDown();
            assertThat(first.get(30, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.PROCESSED);
        } finally {
            pool.shutdownNow();
        }
        assertThat(live("deliv_1", "evt_1").sendTo(receiver).outcome()).isEqualTo(Outcome.DUPLICATE);
        assertThat(handled).hasSize(1);
    }

    @Test
    void missingHeadersAreNamed() {
        for (String name : List.of(WebhookHeaders.SIGNATURE, WebhookHeaders.DELIVERY, WebhookHeaders.EVENT)) {
            Delivery delivery = live("deliv_1", "evt_1");
            delivery.headers.remove(name);
            ReceiveResult result = delivery.sendTo(receiver());
            assertThat(result.outcome()).isEqualTo(Outcome.MISSING_HEADER);
            assertThat(result.httpStatus()).isEqualTo(400);
            assertThat(result.detail()).isEqualTo("missing header " + name);
        }
        assertThat(handled).isEmpty();
    }

    @Test
    void blankOrOverlongDeliveryIdIsRefused() {
        for (String id : List.of(" ", "d".repeat(WebhookReceiver.MAX_DELIVERY_ID_LENGTH + 1))) {
            Delivery delivery = live(id, "evt_1");
            assertThat(delivery.sendTo(receiver()).outcome()).isEqualTo(Outcome.INVALID_HEADER);
        }
        assertThat(handled).isEmpty();
    }

    @Test
    void signatureFailuresMapToTheirOwn401() {
        Delivery tampered = live("deliv_1", "evt_1");
        tampered.body = body("evt_2", "deployment.live");
        assertThat(tampered.sendTo(receiver()).outcome()).isEqualTo(Outcome.SIGNATURE_MISMATCH);

        Delivery garbled = live("deliv_2", "evt_2");
        garbled.headers.put(WebhookHeaders.SIGNATURE, "t=abc");
        assertThat(garbled.sendTo(receiver()).outcome()).isEqualTo(Outcome.SIGNATURE_MALFORMED);

        Delivery stale = live("deliv_3", "evt_3");
        clock.advance(Duration.ofMinutes(6));
        ReceiveResult result = stale.sendTo(receiver());
        assertThat(result.outcome()).isEqualTo(Outcome.SIGNATURE_OUTSIDE_TOLERANCE);
        assertThat(result.httpStatus()).isEqualTo(401);
        assertThat(result.reason()).isEqualTo("timestamp_outside_tolerance");
        assertThat(handled).isEmpty();
    }

    @Test
    void signedButMalformedJsonIs400() {
        Delivery delivery = live("deliv_1", "evt_1");
        delivery.body = "{\"id\":".getBytes(StandardCharsets.UTF_8);
        delivery.headers.put(WebhookHeaders.SIGNATURE, Signer.of(SECRET).header(clock.instant(), delivery.body));
        ReceiveResult result = delivery.sendTo(receiver());
        assertThat(result.outcome()).isEqualTo(Outcome.MALFORMED_PAYLOAD);
        assertThat(result.httpStatus()).isEqualTo(400);
        assertThat(handled).isEmpty();
    }

    @Test
    void headerAndBodyTypeMustAgree() {
        Delivery delivery = live("deliv_1", "evt_1");
        delivery.headers.put(WebhookHeaders.EVENT, "app.generated");
        ReceiveResult result = delivery.sendTo(receiver());
        assertThat(result.outcome()).isEqualTo(Outcome.TYPE_MISMATCH);
        assertThat(result.detail()).contains("'deployment.live'", "'app.generated'");
        assertThat(handled).isEmpty();
        // Refused deliveries leave no trace in the ledger: the genuine one is still processed.
        assertThat(live("deliv_1", "evt_1").sendTo(receiver()).outcome()).isEqualTo(Outcome.PROCESSED);
    }

    @Test
    void unknownTypeIsDeliveredNotRefused() {
        ReceiveResult result = new Delivery("deliv_1", "evt_1", "widget.exploded").sendTo(receiver());
        assertThat(result.outcome()).isEqualTo(Outcome.PROCESSED);
        assertThat(handled).singleElement().isInstanceOf(UnknownEvent.class);
    }

    @Test
    void ledgerDownAnswers503WithRetryAfterAndCallsNoHandler() {
        DeliveryLedger down = new DeliveryLedger() {
            @Override
            public Claim begin(DeliveryKey key) {
                throw new LedgerException("connection refused", null);
            }

            @Override
            public void complete(Claim claim) {
                throw new AssertionError("not reached");
            }

            @Override
            public void forget(Claim claim) {
                throw new AssertionError("not reached");
            }
        };
        WebhookReceiver receiver = WebhookReceiver.builder().secret(SECRET).clock(clock).ledger(down)
                .handler(handled::add).build();
        ReceiveResult result = live("deliv_1", "evt_1").sendTo(receiver);
        assertThat(result.outcome()).isEqualTo(Outcome.LEDGER_UNAVAILABLE);
        assertThat(result.httpStatus()).isEqualTo(503);
        assertThat(result.retryAfter()).isEqualTo(Duration.ofSeconds(60));
        assertThat(handled).isEmpty();
    }

    @Test
    void processedButNotRecordedIsNotAcknowledged() {
        Map<DeliveryKey, Integer> completes = new HashMap<>();
        DeliveryLedger failsToComplete = new DeliveryLedger() {
            @Override
            public Claim begin(DeliveryKey key) {
                return ledger.begin(key);
            }

            @Override
            public void complete(Claim claim) {
                completes.merge(claim.key(), 1, Integer::sum);
                throw new LedgerException("disk full", null);
            }

            @Override
            public void forget(Claim claim) {
                ledger.forget(claim);
            }
        };
        WebhookReceiver receiver = WebhookReceiver.builder().secret(SECRET).clock(clock).ledger(failsToComplete)
                .handler(handled::add).build();
        ReceiveResult result = live("deliv_1", "evt_1").sendTo(receiver);
        assertThat(result.outcome()).isEqualTo(Outcome.LEDGER_UNAVAILABLE);
        assertThat(result.outcome().acknowledged()).isFalse();
    }

    @Test
    void endpointsSharingALedgerDoNotMixTheirDeliveries() {
        Secret other = Secret.of("whsec_other");
        List<PromptFloeEvent> otherHandled = new ArrayList<>();
        WebhookReceiver a = WebhookReceiver.builder().endpoint("tenant-a").secret(SECRET).clock(clock).ledger(ledger)
                .handler(handled::add).build();
        WebhookReceiver b = WebhookReceiver.builder().endpoint("tenant-b").secret(other).clock(clock).ledger(ledger)
                .handler(otherHandled::add).build();
        Delivery toA = live("deliv_1", "evt_1");
        byte[] body = toA.body;
        Map<String, String> toB = Map.of(WebhookHeaders.SIGNATURE, Signer.of(other).header(clock.instant(), body),
                WebhookHeaders.DELIVERY, "deliv_1", WebhookHeaders.EVENT, "deployment.live");
        assertThat(toA.sendTo(a).outcome()).isEqualTo(Outcome.PROCESSED);
        assertThat(b.receive(toB::get, body).outcome()).isEqualTo(Outcome.PROCESSED);
        assertThat(toA.sendTo(b).outcome()).isEqualTo(Outcome.SIGNATURE_MISMATCH);
        assertThat(handled).hasSize(1);
        assertThat(otherHandled).hasSize(1);
    }

    @Test
    void admissionMustBeSettledExactlyOnce() {
        WebhookReceiver receiver = receiver();
        Delivery delivery = live("deliv_1", "evt_1");
        Admission admission = receiver.admit(delivery.headers::get, delivery.body);
        assertThat(admission.admitted()).isTrue();
        assertThatThrownBy(admission::result).isInstanceOf(IllegalStateException.class);
        assertThat(admission.complete().outcome()).isEqualTo(Outcome.PROCESSED);
        assertThatThrownBy(() -> admission.abandon(new RuntimeException())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already completed");
    }

    @Test
    void receiveWithoutHandlerSaysWhatToDo() {
        WebhookReceiver noHandler = WebhookReceiver.builder().secret(SECRET).build();
        assertThatThrownBy(() -> noHandler.receive(h -> null, new byte[0]))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("admit()");
    }

    @Test
    void builderRefusesBadValues() {
        assertThatThrownBy(() -> WebhookReceiver.builder().endpoint("has space"))
                .hasMessageContaining("'has space'");
        assertThatThrownBy(() -> WebhookReceiver.builder().retryAfter(Duration.ZERO))
                .hasMessage("retry-after must be at least one second: PT0S");
        assertThatThrownBy(() -> WebhookReceiver.builder().build()).isInstanceOf(IllegalStateException.class);
    }
}
