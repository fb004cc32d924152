package com.promptfloe.webhooks.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.promptfloe.webhooks.Secret;
import com.promptfloe.webhooks.event.EventType;
import com.promptfloe.webhooks.testkit.LoopbackEndpoint;
import com.promptfloe.webhooks.testkit.internal.JsonText;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The local PromptFloe's API as a raw HTTP caller sees it. */
class LocalPromptFloeTest {

    private static final String KEY = "pf_local_test";
    private final HttpClient http = HttpClient.newHttpClient();
    private LocalPromptFloe promptFloe;

    @BeforeEach
    void start() throws IOException {
        promptFloe = LocalPromptFloe.builder().apiKey(KEY).timeScale(0.00001).start();
    }

    @AfterEach
    void stop() {
        promptFloe.close();
    }

    private HttpResponse<String> call(String method, String path, String body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(promptFloe.baseUri().resolve(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> api(String method, String path, String body, String... headers)
            throws IOException, InterruptedException {
        String[] all = new String[headers.length + 2];
        all[0] = "Authorization";
        all[1] = "Bearer " + KEY;
        System.arraycopy(headers, 0, all, 2, headers.length);
        return call(method, path, body, all);
    }

    private static JsonObject json(HttpResponse<String> response) {
        return JsonText.readObject(response.body().getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void bindsToLoopbackByDefault() {
        assertThat(promptFloe.baseUri().getHost()).isEqualTo("127.0.0.1");
    }

    @Test
    void keepsStateAndShowsTheSecretOnlyOnCreate() throws Exception {
        HttpResponse<String> created = api("POST", "v1/webhooks",
                "{\"url\":\"https://a.example/h\",\"events\":[\"deployment.live\",\"app.failed\"]}");
        assertThat(created.statusCode()).isEqualTo(201);
        JsonObject webhook = json(created);
        String id = webhook.getString("id");
        assertThat(webhook.getString("secret")).startsWith("whsec_");
        assertThat(webhook.getBoolean("enabled")).isTrue();

        HttpResponse<String> got = api("GET", "v1/webhooks/" + id, null);
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(json(got)).doesNotContainKey("secret").containsEntry("id", webhook.get("id"));
        assertThat(api("GET", "v1/webhooks", null).body()).contains(id).doesNotContain("secret");

        HttpResponse<String> patched = api("PATCH", "v1/webhooks/" + id, "{\"enabled\":false}");
        assertThat(patched.statusCode()).isEqualTo(200);
        assertThat(json(patched).getBoolean("enabled")).isFalse();
        assertThat(json(patched).getString("url")).as("PATCH merges").isEqualTo("https://a.example/h");
        assertThat(json(patched).getJsonArray("events")).hasSize(2);

        assertThat(api("DELETE", "v1/webhooks/" + id, null).statusCode()).isEqualTo(204);
        assertThat(api("GET", "v1/webhooks/" + id, null).statusCode()).isEqualTo(404);
        assertThat(api("DELETE", "v1/webhooks/" + id, null).statusCode()).isEqualTo(404);
    }

    @Test
    void refusesWithoutTheKeyAndNamesBadInput() throws Exception {
        assertThat(call("GET", "v1/webhooks", null).statusCode()).isEqualTo(401);
        assertThat(call("GET", "v1/webhooks", null, "Authorization", "Bearer other").statusCode()).isEqualTo(401);
        assertThat(call("GET", "v1/webhooks", null, "Authorization", KEY).statusCode()).isEqualTo(401);

        HttpResponse<String> badType = api("POST", "v1/webhooks",
                "{\"url\":\"https://a.example/h\",\"events\":[\"deployment.exploded\"]}");
        assertThat(badType.statusCode()).isEqualTo(422);
        assertThat(json(badType).getJsonObject("error").getString("code")).isEqualTo("unknown_event_type");
        assertThat(badType.body()).contains("deployment.exploded", "deployment.live");
        HttpResponse<String> badUrl = api("POST", "v1/webhooks", "{\"url\":\"not a url\",\"events\":[\"app.failed\"]}");
        assertThat(badUrl.statusCode()).isEqualTo(422);
        assertThat(json(badUrl).getJsonObject("error").getString("code")).isEqualTo("invalid_url");
        assertThat(api("POST", "v1/webhooks", "{\"url\":\"ftp://a.example/h\",\"events\":[\"app.failed\"]}")
                .statusCode()).isEqualTo(422);
        assertThat(api("POST", "v1/webhooks", "{\"url\":\"https://a.example/h\",\"events\":[]}").statusCode())
                .isEqualTo(422);
        assertThat(api("POST", "v1/webhooks", "{nope").statusCode()).isEqualTo(400);
        assertThat(api("GET", "v1/webhooks?limit=0", null).statusCode()).isEqualTo(400);
        assertThat(api("PUT", "v1/webhooks", "{}").statusCode()).isEqualTo(405);
        assertThat(api("GET", "v1/webhooks", null).body()).isEqualTo("{\"data\":[],\"nextCursor\":null}");
        assertThat(promptFloe.requests()).hasSize(11);
    }

    @Test
    void aRepeatedIdempotencyKeyGetsTheSameAnswer() throws Exception {
        String body = "{\"url\":\"https://a.example/h\",\"events\":[\"deployment.live\"]}";

        HttpResponse<String> first = api("POST", "v1/webhooks", body, "Idempotency-Key", "key-1");
        HttpResponse<String> again = api("POST", "v1/webhooks", body, "Idempotency-Key", "key-1");
        HttpResponse<String> other = api("POST", "v1/webhooks", body.replace("a.example", "b.example"),
                "Idempotency-Key", "key-1");

        assertThat(again.statusCode()).isEqualTo(201);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(again.headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(other.statusCode()).isEqualTo(422);
        assertThat(other.body()).contains("idempotency_key_reused");
        assertThat(json(api("GET", "v1/webhooks", null)).getJsonArray("data")).hasSize(1);
    }

    @Test
    void emitsOverHttpToEveryEnabledSubscriptionThatWantsTheType() throws Exception {
        JsonObject wants = json(api("POST", "v1/webhooks", "{\"url\":\"http://127.0.0.1:1/x\",\"events\":[\"app.failed\"]}"));
        api("POST", "v1/webhooks", "{\"url\":\"http://127.0.0.1:1/y\",\"events\":[\"deployment.live\"]}");
        api("POST", "v1/webhooks", "{\"url\":\"http://127.0.0.1:1/z\",\"events\":[\"app.failed\"],\"enabled\":false}");
        Secret secret = Secret.of(wants.getString("secret"));
        try (LoopbackEndpoint app = LoopbackEndpoint.start(secret, Clock.systemUTC())) {
            api("PATCH", "v1/webhooks/" + wants.getString("id"), "{\"url\":\"" + app.url() + "\"}");

            HttpResponse<String> emitted = api("POST", "_local/events",
                    "{\"type\":\"app.failed\",\"data\":{\"code\":\"E_LOCAL\"}}");

            assertThat(emitted.statusCode()).isEqualTo(202);
            assertThat(json(emitted).getJsonArray("deliveries")).hasSize(1);
            assertThat(promptFloe.awaitDeliveries(Duration.ofSeconds(20))).isTrue();
            assertThat(app.handled()).singleElement().satisfies(event -> {
                assertThat(event.type()).isEqualTo("app.failed");
                assertThat(event.data().getString("code")).isEqualTo("E_LOCAL");
            });
            assertThat(api("GET", "_local/deliveries", null).body()).contains("\"state\":\"DELIVERED\"", "processed");
        }
        assertThat(api("POST", "_local/events", "{\"type\":\"thing.happened\"}").statusCode()).isEqualTo(422);
        assertThat(call("POST", "_local/events", "{\"type\":\"app.failed\"}").statusCode()).isEqualTo(401);
    }

    @Test
    void retriesARefusedDeliveryOnTheScaledScheduleAndReportsItFailed() throws Exception {
        JsonObject webhook = json(api("POST", "v1/webhooks", "{\"url\":\"http://127.0.0.1:1/closed\",\"events\":"
                + "[\"deployment.live\"]}"));

        LocalDelivery delivery = promptFloe.emit(EventType.DEPLOYMENT_LIVE).get(0);

        assertThat(promptFloe.awaitDeliveries(Duration.ofSeconds(30))).isTrue();
        assertThat(delivery.webhookId()).isEqualTo(webhook.getString("id"));
        assertThat(delivery.state()).isEqualTo(LocalDelivery.State.FAILED);
        assertThat(delivery.attempts()).hasSize(7).allSatisfy(a -> assertThat(a.result())
                .isEqualTo(AttemptRecord.Result.UNREACHABLE));
        assertThatThrownBy(() -> promptFloe.replay("deliv_never")).hasMessageContaining("deliv_never");
    }

    @Test
    void injectsFaultsOverHttpToo() throws Exception {
        assertThat(api("POST", "_local/faults", "{\"status\":429,\"retryAfter\":7,\"count\":1}").statusCode())
                .isEqualTo(204);

        HttpResponse<String> limited = api("GET", "v1/webhooks", null);

        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).contains("7");
        assertThat(api("GET", "v1/webhooks", null).statusCode()).isEqualTo(200);
        assertThat(api("GET", "_local/requests", null).body()).contains("\"status\":429");
    }
}
