package com.promptfloe.webhooks.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.promptfloe.webhooks.Secret;
import com.promptfloe.webhooks.event.EventType;
import java.net.http.HttpResponse;
import java.time.Clock;
import org.junit.jupiter.api.Test;

// The README's "against a running application" snippet: the default clock starts at the real
// second, so an application on the system clock accepts the signatures.
@PromptFloeTest(secret = "whsec_http")
class OverHttpWithExtensionTest {

    @Test
    void aRunningApplicationOnTheRealClockAcceptsTheSignedRequest(WebhookRequests requests, Secret secret)
            throws Exception {
        try (LoopbackEndpoint app = LoopbackEndpoint.start(secret, Clock.systemUTC())) {
            SignedRequest request = requests.request(EventType.DEPLOYMENT_LIVE).build();

            HttpResponse<String> response = request.send(app.url());
            HttpResponse<String> again = request.send(app.url());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("\"processed\"");
            assertThat(again.body()).contains("\"duplicate\"");
            assertThat(app.handled()).hasSize(1);
        }
    }
}
