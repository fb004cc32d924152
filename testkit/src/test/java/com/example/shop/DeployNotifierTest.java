package com.example.shop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.promptfloe.webhooks.Outcome;
import com.promptfloe.webhooks.Secret;
import com.promptfloe.webhooks.WebhookReceiver;
import com.promptfloe.webhooks.event.DeploymentLive;
import com.promptfloe.webhooks.event.EventType;
import com.promptfloe.webhooks.testkit.Fixtures;
import com.promptfloe.webhooks.testkit.MutableClock;
import com.promptfloe.webhooks.testkit.PromptFloeTest;
import com.promptfloe.webhooks.testkit.SignedRequest;
import com.promptfloe.webhooks.testkit.WebhookRequests;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

// Mirrors testkit/README.md: keep the two in step.
@PromptFloeTest(secret = "whsec_test")
class DeployNotifierTest {

    private final DeployNotifier notifier = new DeployNotifier();

    @Test
    void announcesLiveDeployments(Fixtures fixtures) {
        DeploymentLive live = fixtures.event(DeploymentLive.class);

        notifier.onLive(live);

        assertEquals(List.of("bright-otter-42 is live at https://bright-otter-42.netlify.app"), notifier.sent());
    }

    @Test
    void processesEachDeliveryOnceAndRefusesStaleOnes(WebhookRequests requests, Fixtures fixtures,
            MutableClock clock, Secret secret) {
        WebhookReceiver receiver = WebhookReceiver.builder().secret(secret).clock(clock)
                .handler(event -> {
                    if (event instanceof DeploymentLive live) {
                        notifier.onLive(live);
                    }
                })
                .build();
        SignedRequest request = requests.request(fixtures.fresh(EventType.DEPLOYMENT_LIVE)
                .withData("url", "https://shop.example.com")).build();

        assertEquals(Outcome.PROCESSED, request.deliverTo(receiver).outcome());
        assertEquals(Outcome.DUPLICATE, request.deliverTo(receiver).outcome());
        assertEquals(1, notifier.sent().size());

        clock.advance(Duration.ofMinutes(6));
        SignedRequest late = requests.request(EventType.DEPLOYMENT_LIVE).signedAgo(Duration.ofMinutes(6)).build();
        assertEquals(Outcome.SIGNATURE_OUTSIDE_TOLERANCE, late.deliverTo(receiver).outcome());
        assertEquals(1, notifier.sent().size());
    }
}
