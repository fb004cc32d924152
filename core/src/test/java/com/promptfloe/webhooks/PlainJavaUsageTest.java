package com.promptfloe.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.promptfloe.webhooks.event.DeploymentLive;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Compiles and runs the plain-Java snippet of the README, so that the README stays true. */
class PlainJavaUsageTest {

    @Test
    void readmeSnippetWorks() {
        List<String> urls = new ArrayList<>();
        String secretFromEnvironment = "whsec_readme";
        byte[] body = ("{\"id\":\"evt_1\",\"type\":\"deployment.live\",\"createdAt\":\"2026-04-26T12:34:56Z\","
                + "\"data\":{\"url\":\"https://demo.example\"}}").getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = Map.of(
                "X-PromptFloe-Signature", Signer.of(Secret.of("whsec_readme")).header(Instant.now(), body),
                "X-PromptFloe-Delivery", "deliv_1",
                "X-PromptFloe-Event", "deployment.live");

        // README: plain Java
        WebhookReceiver receiver = WebhookReceiver.builder()
                .secret(Secret.of(secretFromEnvironment))
                .handler(event -> {
                    if (event instanceof DeploymentLive live) {
                        urls.add(live.url());
                    }
                })
                .build();

        ReceiveResult result = receiver.receive(headers::get, body);   // your HTTP layer's headers and raw bytes
        int status = result.httpStatus();                               // 200, 401, 409, 500, ...
        // README end

        assertThat(status).isEqualTo(200);
        assertThat(urls).containsExactly("https://demo.example");
    }
}
