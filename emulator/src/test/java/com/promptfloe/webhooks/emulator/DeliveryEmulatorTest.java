package com.promptfloe.webhooks.emulator;

import com.promptfloe.webhooks.testkit.Fixtures;
import com.promptfloe.webhooks.testkit.LoopbackEndpoint;
import com.promptfloe.webhooks.testkit.SignedRequest;
import com.promptfloe.webhooks.testkit.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.promptfloe.webhooks.Secret;
import com.promptfloe.webhooks.WebhookHeaders;
import com.promptfloe.webhooks.event.DeploymentLive;
import com.promptfloe.webhooks.event.EventType;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeliveryEmulatorTest {

    private final Secret secret = Secret.of("whsec_emulator_test");
    private final MutableClock clock = MutableClock.create();
    private final List<Duration> waits = Collections.synchronizedList(new ArrayList<>());
    private final List<AttemptRecord> reported = Collections.synchronizedList(new ArrayList<>());
    private LoopbackEndpoint endpoint;

    @AfterEach
    void stop() {
        if (endpoint != null) {
            endpoint.close();
        }
    }

    private DeliveryEmulator.Builder emulator() throws IOException {
        if (endpoint == null) {
            endpoint = LoopbackEndpoint.start(secret, clock);
        }
        // The fake sleeper moves the shared clock, so signatures age as they would in real time.
        return DeliveryEmulator.builder().url(endpoint.url()).secret(secret).clock(clock)
                .sleeper(delay -> {
                    waits.add(delay);
                    clock.advance(delay);
                })
                .onAttempt(reported::add);
    }

    @Test
    void deliversOnceWithTheThreeHeadersAndASignatureCoreAccepts() throws Exception {
        Delivery delivery = Delivery.of("deliv_headers", Fixtures.envelope(EventType.DEPLOYMENT_LIVE));

        DeliveryResult result = emulator().build().deliver(delivery);

        assertThat(result.delivered()).isTrue();
        assertThat(result.attempts()).singleElement().satisfies(attempt -> {
            assertThat(attempt.status()).isEqualTo(200);
            assertThat(attempt.reason()).isEqualTo("processed");
            assertThat(attempt.attempt()).isEqualTo(1);
            assertThat(attempt.maxAttempts()).isEqualTo(7);
            assertThat(attempt.deliveryId()).isEqualTo("deliv_headers");
        });
        LoopbackEndpoint.Received request = endpoint.received().get(0);
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(request.header(WebhookHeaders.DELIVERY)).isEqualTo("deliv_headers");
        assertThat(request.header(WebhookHeaders.EVENT)).isEqualTo("deployment.live");
        assertThat(request.verificationFailure()).isNull();
        assertThat(request.verifiedTimestamp()).isEqualTo(clock.instant().getEpochSecond());
        assertThat(request.body()).isEqualTo(delivery.body());
        assertThat(endpoint.handled()).singleElement().isInstanceOfSatisfying(DeploymentLive.class,
                live -> assertThat(live.url()).isEqualTo("https://bright-otter-42.netlify.app"));
        assertThat(waits).isEmpty();
        assertThat(reported).containsExactlyElementsOf(result.attempts());
    }

    @Test
    void retriesOnPromptFloesScheduleWithAFreshSignatureAndFailsAfterSevenAttempts() throws Exception {
        DeliveryEmulator emulator = emulator().build();
        endpoint.answerFirst(500, 500, 500, 500, 500, 500, 500);

        DeliveryResult result = emulator.deliver(Delivery.of(Fixtures.envelope(EventType.APP_GENERATED)));

        assertThat(result.status()).isEqualTo(DeliveryResult.Status.FAILED);
        assertThat(result.attempts()).hasSize(7).allSatisfy(attempt -> assertThat(attempt.status()).isEqualTo(500));
        assertThat(result.attempts()).extracting(AttemptRecord::attempt).containsExactly(1, 2, 3, 4, 5, 6, 7);
        assertThat(waits).containsExactly(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(30),
                Duration.ofHours(2), Duration.ofHours(12), Duration.ofHours(24));
        List<LoopbackEndpoint.Received> requests = endpoint.received();
        assertThat(requests).hasSize(7).allSatisfy(r -> assertThat(r.verificationFailure()).isNull());
        assertThat(requests.stream().map(r -> r.header(WebhookHeaders.SIGNATURE)).distinct()).hasSize(7);
        assertThat(requests.stream().map(r -> r.header(WebhookHeaders.DELIVERY)).distinct()).hasSize(1);
        List<Long> timestamps = requests.stream().map(LoopbackEndpoint.Received::verifiedTimestamp).toList();
        for (int i = 1; i < timestamps.size(); i++) {
            assertThat(timestamps.get(i) - timestamps.get(i - 1)).isEqualTo(waits.get(i - 1).toSeconds());
        }
        assertThat(result.attempts().get(6).sentAt()).isEqualTo(MutableClock.DEFAULT_START
                .plus(Duration.ofMinutes(36)).plus(Duration.ofHours(38)));
    }

    @Test
    void timeScaleCompressesTheWaitsAndSuccessEndsTheRetries() throws Exception {
        DeliveryEmulator emulator = emulator().timeScale(0.001).build();
        endpoint.answerFirst(503, 409);

        DeliveryResult result = emulator.deliver(Delivery.of(Fixtures.envelope(EventType.SKILL_COMPLETED)));

        assertThat(result.delivered()).isTrue();
        assertThat(result.attempts()).extracting(AttemptRecord::status).containsExactly(503, 409, 200);
        assertThat(result.lastAttempt().reason()).isEqualTo("processed");
        assertThat(waits).containsExactly(Duration.ofMillis(60), Duration.ofMillis(300));
        assertThat(emulator.scaledDelay(5)).isEqualTo(Duration.ofSeconds(86).plusMillis(400));
    }

    @Test
    void noAnswerWithinTheResponseTimeoutIsATimeoutAndRetried() throws Exception {
        DeliveryEmulator emulator = emulator().responseTimeout(Duration.ofMillis(300)).build();
        endpoint.answerFirst(LoopbackEndpoint.HOLD);

        DeliveryResult result = emulator.deliver(Delivery.of(Fixtures.envelope(EventType.PAYMENT_FAILED)));

        assertThat(result.attempts()).hasSize(2);
        AttemptRecord first = result.attempts().get(0);
        assertThat(first.result()).isEqualTo(AttemptRecord.Result.TIMED_OUT);
        assertThat(first.status()).isEqualTo(-1);
        assertThat(first.statusText()).isEqualTo("timeout");
        assertThat(first.toLine()).contains("attempt 1/7").contains("timeout");
        assertThat(result.lastAttempt().status()).isEqualTo(200);
        assertThat(waits).containsExactly(Duration.ofMinutes(1));
    }

    @Test
    void anUnreachableEndpointIsRetriedAndTheDeliveryFails() throws Exception {
        LoopbackEndpoint closed = LoopbackEndpoint.start(secret, clock);
        URI url = closed.url();
        closed.close();
        DeliveryEmulator emulator = DeliveryEmulator.builder().url(url).secret(secret).clock(clock)
                .sleeper(waits::add).schedule(List.of(Duration.ofSeconds(1))).build();

        DeliveryResult result = emulator.deliver(Delivery.of(Fixtures.envelope(EventType.APP_FAILED)));

        assertThat(result.status()).isEqualTo(DeliveryResult.Status.FAILED);
        assertThat(result.attempts()).hasSize(2)
                .allSatisfy(a -> assertThat(a.result()).isEqualTo(AttemptRecord.Result.UNREACHABLE));
        assertThat(waits).containsExactly(Duration.ofSeconds(1));
    }

    @Test
    void duplicatesShareTheDeliveryIdAndAreProcessedOnce() throws Exception {
        Delivery delivery = Delivery.of("deliv_dup", Fixtures.envelope(EventType.AUGMENTER_APPLIED));

        List<DeliveryResult> results = emulator().build().deliverCopies(delivery, 3, false);

        assertThat(results).allSatisfy(r -> assertThat(r.delivered()).isTrue());
        assertThat(results).extracting(r -> r.lastAttempt().reason())
                .containsExactly("processed", "duplicate", "duplicate");
        assertThat(endpoint.received()).extracting(r -> r.header(WebhookHeaders.DELIVERY)).containsOnly("deliv_dup");
        assertThat(endpoint.handled()).hasSize(1);
    }

    @Test
    void concurrentDuplicatesAreAllAcknowledgedAndProcessedOnce() throws Exception {
        Delivery delivery = Delivery.of("deliv_concurrent", Fixtures.envelope(EventType.DEPLOYMENT_QUEUED));

        List<DeliveryResult> results = emulator().build().deliverCopies(delivery, 4, true);

        assertThat(results).hasSize(4).allSatisfy(r -> assertThat(r.delivered()).isTrue());
        List<String> reasons = results.stream().map(r -> r.lastAttempt().reason()).collect(Collectors.toList());
        assertThat(reasons).containsOnlyOnce("processed").containsOnly("processed", "duplicate");
        assertThat(endpoint.handled()).hasSize(1);
        assertThat(endpoint.received()).hasSizeGreaterThanOrEqualTo(4);
    }

    @Test
    void replaySendsTheSameBodyAndIdWithAFreshSignature() throws Exception {
        DeliveryEmulator emulator = emulator().build();
        Delivery delivery = Delivery.of("deliv_replay", Fixtures.envelope(EventType.PAYMENT_SUCCEEDED))
                .shaped(SignedRequest.Builder::tamperBody);
        assertThat(emulator.history()).isEmpty();
        emulator.deliverCopies(delivery.unshaped(), 1, false);
        clock.advance(Duration.ofSeconds(30));

        DeliveryResult replayed = emulator.replay("deliv_replay");

        assertThat(replayed.lastAttempt().reason()).isEqualTo("duplicate");
        List<LoopbackEndpoint.Received> requests = endpoint.received();
        assertThat(requests).hasSize(2);
        assertThat(requests.get(1).body()).isEqualTo(requests.get(0).body());
        assertThat(requests.get(1).header(WebhookHeaders.DELIVERY)).isEqualTo("deliv_replay");
        assertThat(requests.get(1).header(WebhookHeaders.SIGNATURE))
                .isNotEqualTo(requests.get(0).header(WebhookHeaders.SIGNATURE));
        assertThat(requests.get(1).verifiedTimestamp()).isEqualTo(requests.get(0).verifiedTimestamp() + 30);
        assertThatThrownBy(() -> emulator.replay("deliv_never")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("deliv_never");
    }

    @Test
    void shapedDeliveriesAreRefusedOnEveryAttempt() throws Exception {
        DeliveryEmulator emulator = emulator().schedule(List.of(Duration.ofMinutes(1))).build();
        Delivery tampered = Delivery.of(Fixtures.envelope(EventType.DEPLOYMENT_FAILED))
                .shaped(SignedRequest.Builder::tamperBody);

        DeliveryResult result = emulator.deliver(tampered);

        assertThat(result.status()).isEqualTo(DeliveryResult.Status.FAILED);
        assertThat(result.attempts()).extracting(AttemptRecord::statusText)
                .containsExactly("401 signature_mismatch", "401 signature_mismatch");
        assertThat(new String(endpoint.received().get(0).body(), StandardCharsets.UTF_8)).contains("ws_attacker");
        assertThat(endpoint.handled()).isEmpty();
    }

    @Test
    void builderNamesBadSettings() {
        assertThatThrownBy(() -> DeliveryEmulator.builder().timeScale(0)).hasMessageContaining("0.0");
        assertThatThrownBy(() -> DeliveryEmulator.builder().url(URI.create("ftp://x"))).hasMessageContaining("ftp://x");
        assertThatThrownBy(() -> DeliveryEmulator.builder().url(URI.create("http://127.0.0.1/")).build())
                .hasMessageContaining("secret");
        assertThatThrownBy(() -> DeliveryEmulator.builder().schedule(List.of(Duration.ofSeconds(-1))))
                .hasMessageContaining("PT-1S");
    }
}
