package com.promptfloe.webhooks.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.promptfloe.webhooks.Outcome;
import com.promptfloe.webhooks.Secret;
import com.promptfloe.webhooks.SignatureVerifier;
import com.promptfloe.webhooks.VerificationException;
import com.promptfloe.webhooks.WebhookHeaders;
import com.promptfloe.webhooks.WebhookReceiver;
import com.promptfloe.webhooks.event.DeploymentLive;
import com.promptfloe.webhooks.event.EventType;
import com.promptfloe.webhooks.event.PromptFloeEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SignedRequestTest {

    private final Secret secret = Secret.of("whsec_signed_request_test");
    private final MutableClock clock = MutableClock.create();
    private final WebhookRequests requests = WebhookRequests.create(clock, secret);
    private final List<PromptFloeEvent> handled = new ArrayList<>();
    private final WebhookReceiver receiver = WebhookReceiver.builder().secret(secret).clock(clock)
            .handler(handled::add).build();

    @Test
    void carriesTheThreeHeadersAndJsonAndVerifiesWithCore() throws Exception {
        SignedRequest request = requests.request(Fixtures.envelope(EventType.DEPLOYMENT_LIVE)).deliveryId("deliv_1")
                .build();

        assertThat(request.headers()).containsOnlyKeys("Content-Type", WebhookHeaders.SIGNATURE,
                WebhookHeaders.DELIVERY, WebhookHeaders.EVENT);
        assertThat(request.header("content-type")).isEqualTo("application/json");
        assertThat(request.deliveryId()).isEqualTo("deliv_1");
        assertThat(request.eventType()).isEqualTo("deployment.live");
        assertThat(request.signature()).startsWith("t=" + clock.instant().getEpochSecond() + ",v1=");
        long t = SignatureVerifier.builder().secret(secret).clock(clock).build()
                .verify(request.signature(), request.body());
        assertThat(t).isEqualTo(clock.instant().getEpochSecond());
    }

    @Test
    void aReceiverProcessesItOnceAndAcknowledgesTheDuplicate() {
        SignedRequest request = requests.request(EventType.DEPLOYMENT_LIVE).build();

        assertThat(request.deliverTo(receiver).outcome()).isEqualTo(Outcome.PROCESSED);
        assertThat(receiver.receive(request::header, request.body()).outcome()).isEqualTo(Outcome.DUPLICATE);
        assertThat(handled).singleElement().isInstanceOf(DeploymentLive.class);
    }

    @Test
    void everyBuildIsSignedAtTheClocksCurrentTime() {
        SignedRequest.Builder builder = requests.request(EventType.APP_GENERATED);
        SignedRequest first = builder.build();
        clock.advance(Duration.ofSeconds(61));
        SignedRequest second = builder.build();

        assertThat(second.timestamp()).isEqualTo(first.timestamp().plusSeconds(61));
        assertThat(second.signature()).isNotEqualTo(first.signature());
        assertThat(second.deliveryId()).isEqualTo(first.deliveryId());
    }

    @Test
    void severalSecretsGiveOneV1Each() throws Exception {
        Secret next = Secret.of("whsec_next");
        SignedRequest request = requests.request(EventType.APP_GENERATED).secrets(secret, next).build();

        assertThat(request.signature().split(",v1=")).hasSize(3);
        SignatureVerifier.builder().secret(next).clock(clock).build().verify(request.signature(), request.body());
    }

    @Test
    void tamperedBodyIsRefused() {
        SignedRequest request = requests.request(EventType.AUGMENTER_APPLIED).tamperBody().build();

        assertThat(request.bodyAsString()).contains("ws_attacker");
        assertThat(request.deliverTo(receiver).outcome()).isEqualTo(Outcome.SIGNATURE_MISMATCH);
        assertThat(handled).isEmpty();
    }

    @Test
    void staleAndFutureSignaturesAreOutsideTheTolerance() {
        SignedRequest stale = requests.request(EventType.APP_GENERATED).signedAgo(Duration.ofMinutes(6)).build();
        SignedRequest future = requests.request(EventType.APP_GENERATED).signedAhead(Duration.ofMinutes(6)).build();

        assertThat(stale.timestamp()).isEqualTo(clock.instant().minus(Duration.ofMinutes(6)));
        assertThat(stale.deliverTo(receiver).outcome()).isEqualTo(Outcome.SIGNATURE_OUTSIDE_TOLERANCE);
        assertThat(future.deliverTo(receiver).outcome()).isEqualTo(Outcome.SIGNATURE_OUTSIDE_TOLERANCE);
    }

    @Test
    void aSignatureAgesWithTheClock() {
        SignedRequest request = requests.request(EventType.APP_GENERATED).build();
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));

        assertThat(request.deliverTo(receiver).outcome()).isEqualTo(Outcome.SIGNATURE_OUTSIDE_TOLERANCE);
    }

    @Test
    void droppedHeaderAndWrongSecretAndMismatchedTypeAreRefused() {
        SignedRequest noDelivery = requests.request(EventType.APP_GENERATED)
                .withoutHeader("x-promptfloe-delivery").build();
        SignedRequest wrongSecret = requests.request(EventType.APP_GENERATED).secrets(Secret.of("whsec_other")).build();
        SignedRequest mismatch = requests.request(EventType.APP_GENERATED).eventType("deployment.live").build();
        SignedRequest malformed = requests.request(EventType.APP_GENERATED).signature("t=abc").build();

        assertThat(noDelivery.headers()).doesNotContainKey(WebhookHeaders.DELIVERY);
        assertThat(noDelivery.deliverTo(receiver).outcome()).isEqualTo(Outcome.MISSING_HEADER);
        assertThat(wrongSecret.deliverTo(receiver).outcome()).isEqualTo(Outcome.SIGNATURE_MISMATCH);
        assertThat(mismatch.deliverTo(receiver).outcome()).isEqualTo(Outcome.TYPE_MISMATCH);
        assertThat(malformed.deliverTo(receiver).outcome()).isEqualTo(Outcome.SIGNATURE_MALFORMED);
        assertThat(handled).isEmpty();
    }

    @Test
    void rawBodiesWithoutTypeNeedAnExplicitEventType() {
        assertThatThrownBy(() -> requests.request("not json").build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("eventType");
        SignedRequest request = requests.request("not json").eventType("app.generated").build();

        assertThat(request.deliverTo(receiver).outcome()).isEqualTo(Outcome.MALFORMED_PAYLOAD);
        assertThatThrownBy(() -> SignatureVerifier.builder().secret(secret).clock(clock).build()
                .verify(request.signature(), "other".getBytes())).isInstanceOf(VerificationException.class);
    }
}
