package com.promptfloe.webhooks.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.promptfloe.webhooks.Outcome;
import com.promptfloe.webhooks.Secret;
import com.promptfloe.webhooks.SignatureVerifier;
import com.promptfloe.webhooks.WebhookReceiver;
import com.promptfloe.webhooks.event.DeploymentLive;
import com.promptfloe.webhooks.event.EventType;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

@PromptFloeTest(secret = "whsec_extension_test", clockStart = "2026-01-01T00:00:00Z")
class PromptFloeExtensionTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private MutableClock clockSeenBeforeEach;

    @BeforeEach
    void setUp(MutableClock clock) {
        clockSeenBeforeEach = clock;
    }

    @Test
    void injectsTheConfiguredSecretAndClock(Secret secret, MutableClock clock) {
        assertThat(secret).isEqualTo(Secret.of("whsec_extension_test"));
        assertThat(clock.instant()).isEqualTo(START);
    }

    @Test
    void everyInjectedObjectSharesTheTestsClock(MutableClock clock, WebhookRequests requests, Fixtures fixtures,
            Secret secret) throws Exception {
        clock.advance(Duration.ofMinutes(2));

        assertThat(clockSeenBeforeEach).isSameAs(clock);
        assertThat(requests.clock()).isSameAs(clock);
        assertThat(requests.secrets()).containsExactly(secret);
        assertThat(fixtures.fresh(EventType.APP_GENERATED).toJson().getString("createdAt"))
                .isEqualTo("2026-01-01T00:02:00Z");
        SignedRequest request = requests.request(EventType.APP_GENERATED).build();
        assertThat(SignatureVerifier.builder().secret(secret).clock(clock).build()
                .verify(request.signature(), request.body())).isEqualTo(START.plusSeconds(120).getEpochSecond());
    }

    // Run twice: a clock shared between tests would start the second repetition an hour late.
    @RepeatedTest(2)
    void eachTestGetsItsOwnClock(MutableClock clock) {
        assertThat(clock.instant()).isEqualTo(START);
        clock.advance(Duration.ofHours(1));
    }

    @Test
    @PromptFloeTest(secret = "whsec_method_level", clockStart = "2030-05-05T05:05:05Z")
    void aMethodAnnotationOverridesTheClasses(Secret secret, MutableClock clock) {
        assertThat(secret).isEqualTo(Secret.of("whsec_method_level"));
        assertThat(clock.instant()).isEqualTo(Instant.parse("2030-05-05T05:05:05Z"));
    }

    @Test
    void fixturesGiveTypedEventsForCallingObserversDirectly(Fixtures fixtures) {
        DeploymentLive live = fixtures.event(DeploymentLive.class);

        assertThat(live.url()).isEqualTo("https://bright-otter-42.netlify.app");
        assertThat(live.createdAt()).isEqualTo(START);
        assertThat(live.deliveryId()).isEqualTo("deliv_fixture");
    }

    @Test
    void aReceiverOnTheSameClockRefusesOnceTheClockMovesPastTheTolerance(WebhookRequests requests, MutableClock clock,
            Secret secret) {
        WebhookReceiver receiver = WebhookReceiver.builder().secret(secret).clock(clock).handler(event -> { }).build();
        SignedRequest request = requests.request(EventType.DEPLOYMENT_LIVE).build();
        clock.advance(Duration.ofMinutes(6));

        assertThat(request.deliverTo(receiver).outcome()).isEqualTo(Outcome.SIGNATURE_OUTSIDE_TOLERANCE);
    }

    @Nested
    class NestedTests {
        @Test
        void inheritTheEnclosingClassesSettings(Secret secret, MutableClock clock) {
            assertThat(secret).isEqualTo(Secret.of("whsec_extension_test"));
            assertThat(clock.instant()).isEqualTo(START);
        }
    }
}
