package com.promptfloe.webhooks.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.promptfloe.webhooks.Secret;
import com.promptfloe.webhooks.client.ConnectionFailureException;
import com.promptfloe.webhooks.client.CreatedWebhook;
import com.promptfloe.webhooks.client.InvalidRequestException;
import com.promptfloe.webhooks.client.NewWebhook;
import com.promptfloe.webhooks.client.NotFoundException;
import com.promptfloe.webhooks.client.PromptFloeApiException;
import com.promptfloe.webhooks.client.RateLimitedException;
import com.promptfloe.webhooks.client.Replay;
import com.promptfloe.webhooks.client.ServerErrorException;
import com.promptfloe.webhooks.client.UnauthorizedException;
import com.promptfloe.webhooks.client.Webhook;
import com.promptfloe.webhooks.client.WebhookUpdate;
import com.promptfloe.webhooks.client.WebhooksClient;
import com.promptfloe.webhooks.event.DeploymentLive;
import com.promptfloe.webhooks.event.EventType;
import com.promptfloe.webhooks.testkit.LoopbackEndpoint;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client against the local PromptFloe over real HTTP on loopback. (The client's own module cannot
 * hold these: the local PromptFloe lives here, and this module depends on the client.)
 */
class WebhooksClientTest {

    private static final String KEY = "pf_test_key_7Hq2";
    private static final URI SOMEWHERE = URI.create("https://shop.example.com/webhooks/promptfloe");

    private LocalPromptFloe promptFloe;
    private final List<String> logged = new CopyOnWriteArrayList<>();
    private final Logger clientLog = Logger.getLogger("com.promptfloe.webhooks.client");
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record.getMessage() + (record.getThrown() != null ? " " + record.getThrown() : ""));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        promptFloe = LocalPromptFloe.builder().apiKey(KEY).timeScale(0.00001).start();
        clientLog.setLevel(Level.ALL);
        clientLog.addHandler(capture);
    }

    @AfterEach
    void stop() throws Exception {
        clientLog.removeHandler(capture);
        clientLog.setLevel(null);
        for (AutoCloseable closeable : toClose) {
            closeable.close();
        }
        promptFloe.close();
    }

    private WebhooksClient.Builder settings() {
        return WebhooksClient.builder().baseUrl(promptFloe.baseUri()).apiKey(KEY)
                .initialBackoff(Duration.ofMillis(20)).maxBackoff(Duration.ofMillis(100));
    }

    private WebhooksClient client() {
        WebhooksClient client = settings().build();
        toClose.add(client);
        return client;
    }

    @Test
    void everyOperationAgainstALocalPromptFloeDeliversAndReplays() throws Exception {
        WebhooksClient client = client();

        CreatedWebhook created = client.create(NewWebhook.of(SOMEWHERE, EventType.DEPLOYMENT_LIVE,
                EventType.APP_GENERATED));
        Webhook webhook = created.webhook();
        assertThat(webhook.id()).startsWith("wh_");
        assertThat(webhook.url()).isEqualTo(SOMEWHERE);
        assertThat(webhook.events()).containsExactly("deployment.live", "app.generated");
        assertThat(webhook.enabled()).isTrue();
        assertThat(webhook.createdAt()).isNotNull();
        assertThat(client.get(webhook.id())).isEqualTo(webhook);
        assertThat(client.list()).containsExactly(webhook);

        // The endpoint verifies with the secret create returned; PATCH points the subscription at it.
        try (LoopbackEndpoint app = LoopbackEndpoint.start(created.secret(), Clock.systemUTC())) {
            Webhook moved = client.update(webhook.id(), WebhookUpdate.create().url(app.url()));
            assertThat(moved.url()).isEqualTo(app.url());
            assertThat(moved.events()).as("a partial update keeps the events").isEqualTo(webhook.events());

            List<LocalDelivery> sent = promptFloe.emit(EventType.DEPLOYMENT_LIVE);
            assertThat(promptFloe.awaitDeliveries(Duration.ofSeconds(20))).isTrue();
            assertThat(sent).singleElement().satisfies(d -> assertThat(d.state()).isEqualTo(LocalDelivery.State.DELIVERED));
            assertThat(app.handled()).singleElement().isInstanceOf(DeploymentLive.class);
            assertThat(app.received().get(0).verificationFailure()).isNull();

            String deliveryId = sent.get(0).deliveryId();
            Replay replay = client.replay(webhook.id(), deliveryId);
            assertThat(replay).isEqualTo(new Replay(webhook.id(), deliveryId, "queued"));
            assertThat(promptFloe.awaitDeliveries(Duration.ofSeconds(20))).isTrue();
            assertThat(sent.get(0).attempts()).extracting(AttemptRecord::reason).containsExactly("processed", "duplicate");
            assertThat(app.handled()).hasSize(1);
            assertThat(app.received()).extracting(r -> new String(r.body(), StandardCharsets.UTF_8))
                    .as("a replay sends the same body").containsOnly(new String(app.received().get(0).body(),
                            StandardCharsets.UTF_8));

            Webhook paused = client.update(webhook.id(), WebhookUpdate.create().enabled(false));
            assertThat(paused.enabled()).isFalse();
            assertThat(paused.url()).isEqualTo(app.url());
            assertThat(promptFloe.emit(EventType.DEPLOYMENT_LIVE)).as("a paused subscription gets nothing").isEmpty();
            assertThat(promptFloe.emit(EventType.APP_FAILED)).isEmpty();
        }

        client.delete(webhook.id());
        assertThatThrownBy(() -> client.get(webhook.id())).isInstanceOf(NotFoundException.class);
        assertThat(client.list()).isEmpty();
    }

    @Test
    void listFetchesEveryPageLazily() {
        WebhooksClient client = client();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            ids.add(client.create(NewWebhook.of(URI.create("https://shop.example.com/hook/" + i),
                    EventType.PAYMENT_FAILED)).webhook().id());
        }
        promptFloe.clearRequests();

        assertThat(client.list(3).map(Webhook::id)).containsExactlyElementsOf(ids);
        assertThat(promptFloe.requests()).extracting(RecordedRequest::path).containsExactly(
                "/v1/webhooks?limit=3", "/v1/webhooks?limit=3&cursor=" + ids.get(2),
                "/v1/webhooks?limit=3&cursor=" + ids.get(5));

        promptFloe.clearRequests();
        assertThat(client.list(3).limit(2).map(Webhook::id)).containsExactly(ids.get(0), ids.get(1));
        assertThat(promptFloe.requests()).as("pages after the needed one are never fetched").hasSize(1);
        promptFloe.clearRequests();
        var lazy = client.list(3);
        assertThat(promptFloe.requests()).as("nothing is fetched before the stream is consumed").isEmpty();
        assertThat(lazy.count()).isEqualTo(7);
    }

    @Test
    void everyFailureHasItsType() throws IOException {
        WebhooksClient client = client();

        UnauthorizedException unauthorized = catchThrowableOfType(UnauthorizedException.class,
                () -> WebhooksClient.builder().baseUrl(promptFloe.baseUri()).apiKey("pf_wrong_key").build().list().toList());
        assertThat(unauthorized.status()).isEqualTo(401);
        assertThat(unauthorized.errorCode()).contains("unauthorized");
        assertThat(unauthorized.getMessage()).contains("401", "GET /v1/webhooks", "Bearer").doesNotContain("pf_wrong_key");

        NotFoundException notFound = catchThrowableOfType(NotFoundException.class, () -> client.get("wh_nothing"));
        assertThat(notFound.status()).isEqualTo(404);
        assertThat(notFound.errorCode()).contains("not_found");
        assertThat(notFound.requestId()).hasValueSatisfying(id -> assertThat(id).startsWith("req_"));
        assertThat(notFound.getMessage()).contains("no webhook wh_nothing", "request id " + notFound.requestId().get());
        assertThatThrownBy(() -> client.delete("wh_nothing")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> client.replay("wh_nothing", "deliv_x")).isInstanceOf(NotFoundException.class);

        InvalidRequestException badType = catchThrowableOfType(InvalidRequestException.class,
                () -> client.create(NewWebhook.of(SOMEWHERE, List.of("deployment.exploded"))));
        assertThat(badType.status()).isEqualTo(422);
        assertThat(badType.errorCode()).contains("unknown_event_type");
        assertThat(badType.getMessage()).contains("deployment.exploded");
        String id = client.create(NewWebhook.of(SOMEWHERE, EventType.DEPLOYMENT_LIVE)).webhook().id();
        assertThatThrownBy(() -> client.update(id, WebhookUpdate.create().events(List.of("nope"))))
                .isInstanceOf(InvalidRequestException.class);
        assertThat(client.get(id).events()).as("a refused update changes nothing").containsExactly("deployment.live");

        promptFloe.failNext(1, 429, Duration.ofSeconds(30));
        // list() is lazy: the exception comes from consuming the stream.
        RateLimitedException limited = catchThrowableOfType(RateLimitedException.class, () -> client.list().toList());
        assertThat(limited.retryAfter()).contains(Duration.ofSeconds(30));
        assertThat(limited.attempts()).as("a Retry-After beyond the retry budget is not waited for").isEqualTo(1);
        assertThat(limited.errorCode()).contains("rate_limited");

        promptFloe.failNext(4, 503, null);
        ServerErrorException server = catchThrowableOfType(ServerErrorException.class, () -> client.get(id));
        assertThat(server.status()).isEqualTo(503);
        assertThat(server.attempts()).isEqualTo(4);
        assertThat(server.getMessage()).contains("after 4 attempts");

        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ConnectionFailureException unreachable = catchThrowableOfType(ConnectionFailureException.class,
                () -> WebhooksClient.builder().baseUrl(URI.create("http://127.0.0.1:" + closedPort)).apiKey(KEY)
                        .initialBackoff(Duration.ofMillis(10)).maxRetries(2).build().get(id));
        assertThat(unreachable.status()).isEqualTo(PromptFloeApiException.NO_RESPONSE);
        assertThat(unreachable.attempts()).isEqualTo(3);
        assertThat(unreachable.timedOut()).isFalse();
        assertThat(unreachable.getMessage()).contains("127.0.0.1:" + closedPort, "GET /v1/webhooks/" + id);
    }

    @Test
    void retriesWaitWhatRetryAfterAsksAndThenSucceed() {
        WebhooksClient client = settings().maxRetryTime(Duration.ofSeconds(20)).build();
        toClose.add(client);
        String id = client.create(NewWebhook.of(SOMEWHERE, EventType.DEPLOYMENT_LIVE)).webhook().id();
        promptFloe.clearRequests();
        promptFloe.failNext(1, 429, Duration.ofSeconds(1));
        promptFloe.failNext(1, 503, null);

        long started = System.nanoTime();
        Webhook webhook = client.get(id);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(webhook.id()).isEqualTo(id);
        assertThat(promptFloe.requests()).extracting(RecordedRequest::status).containsExactly(429, 503, 200);
        assertThat(took).as("Retry-After: 1 was honoured").isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void retriesStopAtTheirCountAndAtTheirTimeBudget() {
        promptFloe.failNext(100, 503, null);
        WebhooksClient counted = settings().maxRetries(2).build();
        toClose.add(counted);
        assertThat(catchThrowableOfType(ServerErrorException.class, () -> counted.get("wh_x")).attempts()).isEqualTo(3);
        assertThat(promptFloe.requests()).hasSize(3);

        promptFloe.clearRequests();
        WebhooksClient budgeted = settings().maxRetries(10).initialBackoff(Duration.ofMillis(100))
                .maxBackoff(Duration.ofMillis(200)).maxRetryTime(Duration.ofMillis(500)).build();
        toClose.add(budgeted);
        long started = System.nanoTime();
        ServerErrorException failure = catchThrowableOfType(ServerErrorException.class, () -> budgeted.get("wh_x"));
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(failure.attempts()).isBetween(2, 10);
        assertThat(promptFloe.requests()).hasSize(failure.attempts());
        // Every wait had to end inside the 500 ms budget; the margin is for the calls themselves.
        assertThat(took).isLessThan(Duration.ofMillis(500 + 2000));

        promptFloe.clearRequests();
        WebhooksClient none = settings().maxRetries(0).build();
        toClose.add(none);
        assertThat(catchThrowableOfType(ServerErrorException.class, () -> none.get("wh_x")).attempts()).isEqualTo(1);
    }

    @Test
    void aRetriedCreateReusesItsIdempotencyKeyAndCreatesOnce() {
        WebhooksClient client = client();
        promptFloe.failNext(1, 503, null);

        CreatedWebhook created = client.create(NewWebhook.of(SOMEWHERE, EventType.DEPLOYMENT_LIVE));

        List<RecordedRequest> posts = promptFloe.requests().stream().filter(r -> r.method().equals("POST")).toList();
        assertThat(posts).hasSize(2).extracting(RecordedRequest::status).containsExactly(503, 201);
        assertThat(posts.get(0).header("Idempotency-Key")).isNotBlank().isEqualTo(posts.get(1).header("Idempotency-Key"));
        assertThat(client.list()).extracting(Webhook::id).containsExactly(created.webhook().id());

        CreatedWebhook second = client.create(NewWebhook.of(SOMEWHERE, EventType.DEPLOYMENT_LIVE));
        assertThat(second.webhook().id()).isNotEqualTo(created.webhook().id());
        assertThat(promptFloe.requests().get(promptFloe.requests().size() - 1).header("Idempotency-Key"))
                .as("each call makes its own key").isNotEqualTo(posts.get(0).header("Idempotency-Key"));
    }

    @Test
    void aCreateWhoseAnswerCameTooLateIsRetriedAndStillCreatesOnce() throws InterruptedException {
        WebhooksClient client = settings().requestTimeout(Duration.ofMillis(300)).maxRetryTime(Duration.ofSeconds(10))
                .build();
        toClose.add(client);
        promptFloe.delayNext(1, Duration.ofMillis(1200));

        CreatedWebhook created = client.create(NewWebhook.of(SOMEWHERE, EventType.DEPLOYMENT_LIVE));

        // The first attempt is still held by the local PromptFloe; it is processed when the hold ends.
        List<RecordedRequest> posts = List.of();
        for (long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos(); posts.size() < 2
                && System.nanoTime() < deadline; Thread.sleep(50)) {
            posts = promptFloe.requests().stream().filter(r -> r.method().equals("POST")).toList();
        }
        assertThat(client.list()).extracting(Webhook::id).containsExactly(created.webhook().id());
        // On a loaded machine the retry may time out too: what matters is one key, one webhook.
        assertThat(posts).as("the first attempt timed out, a retry was answered").hasSizeGreaterThanOrEqualTo(2)
                .extracting(RecordedRequest::status).containsOnly(201);
        assertThat(posts).extracting(r -> r.header("Idempotency-Key")).containsOnly(posts.get(0).header("Idempotency-Key"));
    }

    @Test
    void aPatchIsNotRetriedAfterAnAnswer() {
        WebhooksClient client = client();
        String id = client.create(NewWebhook.of(SOMEWHERE, EventType.DEPLOYMENT_LIVE)).webhook().id();
        promptFloe.clearRequests();
        promptFloe.failNext(1, 503, null);

        ServerErrorException failure = catchThrowableOfType(ServerErrorException.class,
                () -> client.update(id, WebhookUpdate.create().enabled(false)));

        assertThat(failure.attempts()).isEqualTo(1);
        assertThat(promptFloe.requests()).hasSize(1);
        assertThat(client.get(id).enabled()).isTrue();
    }

    @Test
    void aSlowAnswerTimesOut() {
        WebhooksClient client = settings().requestTimeout(Duration.ofMillis(200)).maxRetries(0).build();
        toClose.add(client);
        promptFloe.delayNext(1, Duration.ofSeconds(2));

        ConnectionFailureException timedOut = catchThrowableOfType(ConnectionFailureException.class,
                () -> client.get("wh_slow"));

        assertThat(timedOut.timedOut()).isTrue();
        assertThat(timedOut.getMessage()).contains("no answer within 200 ms");
    }

    @Test
    void neitherTheKeyNorTheSecretAppearsInAnyOutput() throws IOException {
        WebhooksClient client = client();
        CreatedWebhook created = client.create(NewWebhook.of(SOMEWHERE, EventType.DEPLOYMENT_LIVE));
        String secret = new String(created.secret().keyBytes(), StandardCharsets.UTF_8);
        assertThat(secret).startsWith("whsec_");
        List<String> outputs = new ArrayList<>(List.of(client.toString(), created.toString(),
                created.webhook().toString(), created.secret().toString(), settings().toString()));
        promptFloe.failNext(1, 503, null);
        client.get(created.webhook().id());
        promptFloe.failNext(1, 429, Duration.ofSeconds(60));
        outputs.add(catchThrowableOfType(RateLimitedException.class, () -> client.list().toList()).getMessage());
        try (WebhooksClient wrong = WebhooksClient.builder().baseUrl(promptFloe.baseUri()).apiKey(KEY + "x").build()) {
            PromptFloeApiException refused = catchThrowableOfType(PromptFloeApiException.class,
                    () -> wrong.get(created.webhook().id()));
            outputs.add(refused.getMessage());
            outputs.add(refused.toString());
        }
        outputs.add(catchThrowableOfType(IllegalArgumentException.class,
                () -> WebhooksClient.builder().apiKey(" " + KEY)).getMessage());
        outputs.addAll(logged);
        promptFloe.requests().forEach(r -> outputs.add(r.headers().toString()));

        assertThat(logged).as("the retry was logged").anyMatch(line -> line.contains("retrying GET"));
        assertThat(outputs).allSatisfy(text -> assertThat(text).doesNotContain(KEY).doesNotContain(secret));
        assertThat(client.get(created.webhook().id()).toString()).doesNotContain(secret);
        assertThat(promptFloe.requests()).extracting(r -> r.header("Authorization")).containsOnly("Bearer (redacted)");
    }

    @Test
    void theClientRefusesBadSettingsAndInputBeforeSending() {
        assertThatThrownBy(() -> WebhooksClient.builder().apiKey(KEY).build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("base URL");
        assertThatThrownBy(() -> WebhooksClient.builder().baseUrl(promptFloe.baseUri()).build())
                .hasMessageContaining("API key");
        assertThatThrownBy(() -> WebhooksClient.builder().baseUrl(URI.create("ftp://x"))).hasMessageContaining("ftp://x");
        assertThatThrownBy(() -> WebhooksClient.builder().requestTimeout(Duration.ZERO)).hasMessageContaining("PT0S");
        assertThatThrownBy(() -> WebhooksClient.builder().maxRetries(11)).hasMessageContaining("11");
        assertThatThrownBy(() -> NewWebhook.of(URI.create("/relative"), EventType.DEPLOYMENT_LIVE))
                .hasMessageContaining("/relative");
        assertThatThrownBy(() -> NewWebhook.of(SOMEWHERE, List.of())).hasMessageContaining("at least one");
        WebhooksClient client = client();
        assertThatThrownBy(() -> client.get("wh/../x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("wh/../x");
        assertThatThrownBy(() -> client.update("wh_1", WebhookUpdate.create())).hasMessageContaining("sets nothing");
        assertThat(promptFloe.requests()).isEmpty();
    }

    @Test
    void anotherAuthorizationSchemeIsSentAsConfigured() {
        WebhooksClient client = settings().authorization("Authorization", "Token").maxRetries(0).build();
        toClose.add(client);

        assertThatThrownBy(() -> client.list().toList()).isInstanceOf(UnauthorizedException.class)
                .hasMessageContaining("Authorization: Token <key>");
        assertThat(promptFloe.requests()).singleElement()
                .satisfies(r -> assertThat(r.header("Authorization")).isEqualTo("Token (redacted)"));
    }

    @Test
    void theSecretTypeIsCoresRedactedSecret() {
        CreatedWebhook created = client().create(NewWebhook.of(SOMEWHERE, EventType.DEPLOYMENT_LIVE));
        assertThat(created.secret()).isInstanceOf(Secret.class);
        assertThat(created.toString()).contains("Secret[redacted]");
    }
}
