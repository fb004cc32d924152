package com.promptfloe.webhooks.examples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.promptfloe.webhooks.client.CreatedWebhook;
import com.promptfloe.webhooks.client.NewWebhook;
import com.promptfloe.webhooks.client.WebhookUpdate;
import com.promptfloe.webhooks.client.WebhooksClient;
import com.promptfloe.webhooks.emulator.AttemptRecord;
import com.promptfloe.webhooks.emulator.LocalDelivery;
import com.promptfloe.webhooks.emulator.LocalPromptFloe;
import com.promptfloe.webhooks.event.EventType;
import com.promptfloe.webhooks.examples.runner.Launcher;

/**
 * The README's "develop against a local PromptFloe" flow, end to end: the quickstart on its embedded
 * runtime, registered through the client with a local PromptFloe, receives an emitted
 * {@code deployment.live} once; a replay of that delivery is answered {@code duplicate} and not
 * processed again. The application itself reaches the local PromptFloe through the injected client.
 */
class SubscriptionFlowIT {

    private static final String API_KEY = "pf_quickstart_it_key";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path exploded;

    @Test
    void registeredThroughTheClientTheQuickstartReceivesAnEmittedEventOnceAndAReplayIsADuplicate() throws Exception {
        Path war = Path.of(System.getProperty("example.war", "target/promptfloe-webhooks-example-quickstart.war"));
        assertThat(war).as("the quickstart WAR; run this through mvn verify, which packages it first").exists();
        explodeWithProbe(war, exploded);

        try (LocalPromptFloe promptFloe = LocalPromptFloe.builder().apiKey(API_KEY).timeScale(0.0001).start();
                WebhooksClient client = WebhooksClient.builder().baseUrl(promptFloe.baseUri()).apiKey(API_KEY).build()) {
            // Register first: PromptFloe shows the secret only now, and the application needs it to start.
            CreatedWebhook created = client.create(NewWebhook.of(URI.create("http://127.0.0.1:1/not-yet"),
                    EventType.DEPLOYMENT_LIVE));
            String webhookId = created.webhook().id();
            System.setProperty("promptfloe.webhooks.secret", new String(created.secret().keyBytes(), StandardCharsets.UTF_8));
            System.setProperty("promptfloe.api.key", API_KEY);
            System.setProperty("promptfloe.api.url", promptFloe.baseUri().toString());
            Launcher.Started started = null;
            try {
                started = Launcher.start(new String[] {"--war", exploded.toString(), "--port", "0", "--no-demo"},
                        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
                URI webhookUri = started.server().webhookUri();
                client.update(webhookId, WebhookUpdate.create().url(webhookUri));

                List<LocalDelivery> sent = promptFloe.emit(EventType.DEPLOYMENT_LIVE);
                assertThat(sent).hasSize(1);
                assertThat(promptFloe.awaitDeliveries(Duration.ofSeconds(30))).isTrue();
                LocalDelivery delivery = sent.get(0);
                assertThat(delivery.state()).as("%s", delivery.attempts()).isEqualTo(LocalDelivery.State.DELIVERED);
                assertThat(delivery.attempts()).singleElement().satisfies(a -> {
                    assertThat(a.status()).isEqualTo(200);
                    assertThat(a.reason()).isEqualTo("processed");
                });
                assertThat(observed(started.server().receivedUri(), delivery.deliveryId()))
                        .containsExactly("onAnyEvent", "onDeploymentLive");

                client.replay(webhookId, delivery.deliveryId());
                assertThat(promptFloe.awaitDeliveries(Duration.ofSeconds(30))).isTrue();
                assertThat(delivery.attempts()).hasSize(2);
                AttemptRecord replayed = delivery.attempts().get(1);
                assertThat(replayed.status()).isEqualTo(200);
                assertThat(replayed.reason()).isEqualTo("duplicate");
                assertThat(observed(started.server().receivedUri(), delivery.deliveryId()))
                        .as("the replay was not processed again").containsExactly("onAnyEvent", "onDeploymentLive");

                HttpResponse<String> probe = HTTP.send(HttpRequest.newBuilder(
                        started.server().baseUri().resolve("probe/webhooks")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(probe.statusCode()).as(probe.body()).isEqualTo(200);
                assertThat(probe.body()).as("the application's injected client sees the registration").isEqualTo(webhookId);
            } finally {
                System.clearProperty("promptfloe.webhooks.secret");
                System.clearProperty("promptfloe.api.key");
                System.clearProperty("promptfloe.api.url");
                if (started != null) {
                    started.server().close();
                }
            }
        }
    }

    private static List<String> observed(URI receivedUri, String deliveryId) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(receivedUri).build(),
                HttpResponse.BodyHandlers.ofString());
        try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
            return reader.readArray().getValuesAs(JsonObject.class).stream()
                    .filter(e -> e.getString("deliveryId").equals(deliveryId))
                    .map(e -> e.getString("observer")).toList();
        }
    }

    // The quickstart WAR as it is, plus the test's probe servlet in WEB-INF/classes.
    private static void explodeWithProbe(Path war, Path target) throws IOException {
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(war))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                Path file = target.resolve(entry.getName()).normalize();
                assertThat(file.startsWith(target)).as(entry.getName()).isTrue();
                if (entry.isDirectory()) {
                    Files.createDirectories(file);
                } else {
                    Files.createDirectories(file.getParent());
                    Files.copy(zip, file);
                }
            }
        }
        String probe = WebhooksProbeServlet.class.getName().replace('.', '/') + ".class";
        Path copy = target.resolve("WEB-INF/classes").resolve(probe);
        Files.createDirectories(copy.getParent());
        try (InputStream in = WebhooksProbeServlet.class.getClassLoader().getResourceAsStream(probe)) {
            assertThat(in).as(probe).isNotNull();
            Files.copy(in, copy);
        }
    }
}
