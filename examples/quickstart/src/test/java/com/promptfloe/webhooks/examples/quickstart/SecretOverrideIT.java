package com.promptfloe.webhooks.examples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;

import org.junit.jupiter.api.Test;

import com.promptfloe.webhooks.Secret;
import com.promptfloe.webhooks.event.EventType;
import com.promptfloe.webhooks.examples.runner.Launcher;
import com.promptfloe.webhooks.testkit.SignedRequest;
import com.promptfloe.webhooks.testkit.WebhookRequests;

/**
 * The quickstart's demo secret is only a fallback: any MicroProfile Config source above its
 * ordinal (50) replaces it. The environment variable PROMPTFLOE_WEBHOOKS_SECRET (ordinal 300)
 * cannot be set inside a running JVM, so this test uses a system property (ordinal 400), which
 * outranks the file the same way.
 */
class SecretOverrideIT {

    private static final String DEMO_SECRET = "whsec_quickstart_demo_only_not_a_real_secret";
    private static final String REAL_SECRET = "whsec_what_the_environment_would_set";

    @Test
    void aHigherConfigSourceReplacesTheDemoSecret() throws Exception {
        Path war = Path.of(System.getProperty("example.war", "target/promptfloe-webhooks-example-quickstart.war"));
        System.setProperty("promptfloe.webhooks.secret", REAL_SECRET);
        Launcher.Started started = null;
        try {
            started = Launcher.start(new String[] {"--war", war.toString(), "--port", "0", "--no-demo"},
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            assertThat(started.demo()).isEmpty();
            assertThat(started.server().config("promptfloe.webhooks.secret")).hasValue(REAL_SECRET);

            SignedRequest withDemoSecret = WebhookRequests.create(Clock.systemUTC(), Secret.of(DEMO_SECRET))
                    .request(EventType.DEPLOYMENT_LIVE).build();
            assertThat(withDemoSecret.send(started.server().webhookUri()).statusCode()).isEqualTo(401);

            SignedRequest withRealSecret = WebhookRequests.create(Clock.systemUTC(), Secret.of(REAL_SECRET))
                    .request(EventType.DEPLOYMENT_LIVE).build();
            HttpResponse<String> accepted = withRealSecret.send(started.server().webhookUri());
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);

            String received = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(started.server().receivedUri()).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(received).contains(withRealSecret.deliveryId()).doesNotContain(withDemoSecret.deliveryId());
        } finally {
            System.clearProperty("promptfloe.webhooks.secret");
            if (started != null) {
                started.server().close();
            }
        }
    }
}
