package com.promptfloe.webhooks.examples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.promptfloe.webhooks.examples.runner.Launcher;
import com.promptfloe.webhooks.emulator.AttemptRecord;
import com.promptfloe.webhooks.emulator.DemoResult;
import com.promptfloe.webhooks.emulator.DemoResult.Kind;

/**
 * Starts the packaged quickstart WAR exactly as {@code ./quickstart.sh} does (same launcher, same
 * demo stream), on a free port, and checks what the demo's deliveries did to the application.
 */
class QuickstartIT {

    private static Launcher.Started started;
    private static String output;

    @BeforeAll
    static void startQuickstartWithDemo() throws Exception {
        Path war = Path.of(System.getProperty("example.war", "target/promptfloe-webhooks-example-quickstart.war"));
        assertThat(war).as("the quickstart WAR; run this through mvn verify, which packages it first").exists();
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            started = Launcher.start(new String[] {"--war", war.toString(), "--port", "0"}, out);
        } finally {
            output = buffer.toString(StandardCharsets.UTF_8);
            System.out.print(output);
        }
    }

    @AfterAll
    static void stop() {
        if (started != null) {
            started.server().close();
        }
    }

    @Test
    void printsBothUrlsAndEveryDeliveryAsExpected() {
        assertThat(output).contains("webhook URL (POST):     " + started.server().webhookUri())
                .contains("received events (GET):  " + started.server().receivedUri());
        DemoResult demo = started.demo().orElseThrow();
        assertThat(demo.items()).extracting(DemoResult.Item::kind).contains(Kind.VALID, Kind.DUPLICATE,
                Kind.CONCURRENT_DUPLICATE, Kind.TAMPERED, Kind.STALE, Kind.UNKNOWN_TYPE, Kind.FAILS_FIRST);
        assertThat(demo.items()).allSatisfy(item -> assertThat(item.asExpected())
                .as("%s: expected %s, was %s", item.description(), item.expected(), item.actual()).isTrue());
        assertThat(output).contains("Demo finished: " + demo.items().size() + " of " + demo.items().size());
    }

    @Test
    void eachAcceptedDeliveryReachesTheObserversOnceInOrder() throws Exception {
        DemoResult demo = started.demo().orElseThrow();
        List<String> accepted = demo.items().stream()
                .filter(item -> item.kind() == Kind.VALID || item.kind() == Kind.CONCURRENT_DUPLICATE
                        || item.kind() == Kind.UNKNOWN_TYPE || item.kind() == Kind.FAILS_FIRST)
                .map(item -> item.deliveries().get(0).deliveryId())
                .toList();
        assertThat(accepted).hasSizeGreaterThanOrEqualTo(5);

        List<JsonObject> received = received();
        List<String> seenByAny = received.stream().filter(e -> e.getString("observer").equals("onAnyEvent"))
                .map(e -> e.getString("deliveryId")).toList();
        assertThat(seenByAny).as("the supertype observer sees each accepted delivery once, in sending order")
                .containsExactlyElementsOf(accepted);
        assertThat(received).allSatisfy(e -> assertThat(e.getString("eventId")).startsWith("evt_"));
    }

    @Test
    void typedObserversRunAfterTheSupertypeObserverForTheirTypeOnly() throws Exception {
        List<JsonObject> received = received();
        List<JsonObject> live = received.stream().filter(e -> e.getString("observer").equals("onDeploymentLive"))
                .toList();
        List<JsonObject> generated = received.stream().filter(e -> e.getString("observer").equals("onAppGenerated"))
                .toList();
        assertThat(live).singleElement().satisfies(e -> assertThat(e.getString("type")).isEqualTo("deployment.live"));
        assertThat(generated).singleElement().satisfies(e -> assertThat(e.getString("type")).isEqualTo("app.generated"));
        for (JsonObject typed : List.of(live.get(0), generated.get(0))) {
            JsonObject before = received.get(received.indexOf(typed) - 1);
            assertThat(before.getString("observer")).isEqualTo("onAnyEvent");
            assertThat(before.getString("deliveryId")).isEqualTo(typed.getString("deliveryId"));
        }
    }

    @Test
    void duplicateIsAcknowledgedWithoutReprocessing() throws Exception {
        DemoResult.Item duplicate = item(Kind.DUPLICATE);
        AttemptRecord answer = duplicate.deliveries().get(0).lastAttempt();
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.reason()).isEqualTo("duplicate");
        String id = duplicate.deliveries().get(0).deliveryId();
        assertThat(received()).filteredOn(e -> e.getString("deliveryId").equals(id))
                .extracting(e -> e.getString("observer")).containsExactly("onAnyEvent", "onDeploymentLive");

        DemoResult.Item concurrent = item(Kind.CONCURRENT_DUPLICATE);
        assertThat(concurrent.deliveries()).hasSizeGreaterThan(1)
                .allSatisfy(copy -> assertThat(copy.delivered()).isTrue());
        assertThat(concurrent.deliveries()).extracting(copy -> copy.lastAttempt().reason())
                .containsOnlyOnce("processed");
    }

    @Test
    void tamperedAndStaleAreRefusedAndNeverObserved() throws Exception {
        List<JsonObject> received = received();
        for (Kind kind : List.of(Kind.TAMPERED, Kind.STALE)) {
            DemoResult.Item item = item(kind);
            AttemptRecord answer = item.deliveries().get(0).lastAttempt();
            assertThat(answer.status()).as(kind.name()).isEqualTo(401);
            String id = item.deliveries().get(0).deliveryId();
            assertThat(received).as(kind.name()).noneMatch(e -> e.getString("deliveryId").equals(id));
        }
        assertThat(item(Kind.TAMPERED).deliveries().get(0).lastAttempt().reason()).isEqualTo("signature_mismatch");
    }

    @Test
    void theFlakyObserverFailsTheMarkedDeliveryThreeTimesThenItIsProcessedOnce() throws Exception {
        DemoResult.Item marked = item(Kind.FAILS_FIRST);
        assertThat(marked.deliveries().get(0).attempts()).extracting(AttemptRecord::status)
                .as("500 for each of FlakyObserver's failures, then processed on PromptFloe's fourth attempt")
                .containsExactly(500, 500, 500, 200);
        assertThat(marked.deliveries().get(0).lastAttempt().reason()).isEqualTo("processed");
        String id = marked.deliveries().get(0).deliveryId();
        assertThat(received()).filteredOn(e -> e.getString("deliveryId").equals(id))
                .as("the observers after the flaky one see the event once, when it goes through")
                .extracting(e -> e.getString("observer")).containsExactly("onAnyEvent");
    }

    @Test
    void defaultPortIsNotWildFlys() {
        assertThat(Launcher.DEFAULT_PORT).isEqualTo(8088);
        assertThat(started.server().baseUri().getPort()).isNotEqualTo(8080).isPositive();
    }

    @Test
    void warHoldsOnlyTheApplicationAndTheLibrary() throws IOException {
        Path war = Path.of(System.getProperty("example.war", "target/promptfloe-webhooks-example-quickstart.war"));
        try (var zip = new java.util.zip.ZipFile(war.toFile())) {
            List<String> libs = zip.stream().map(java.util.zip.ZipEntry::getName)
                    .filter(name -> name.startsWith("WEB-INF/lib/") && name.endsWith(".jar")).toList();
            assertThat(libs).anyMatch(name -> name.contains("promptfloe-webhooks-jakarta-ee"))
                    .noneMatch(name -> name.contains("servlet-api") || name.contains("cdi-api")
                            || name.contains("weld") || name.contains("smallrye") || name.contains("testkit"));
        }
        assertThat(Files.size(war)).isPositive();
    }

    private static DemoResult.Item item(Kind kind) {
        return started.demo().orElseThrow().items().stream().filter(i -> i.kind() == kind).findFirst().orElseThrow();
    }

    private static List<JsonObject> received() throws IOException, InterruptedException {
        URI uri = started.server().receivedUri();
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", uri, response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
            return reader.readArray().getValuesAs(JsonObject.class);
        }
    }

    @Test
    void theMetricsPageCountsWhatTheDemoDid() throws Exception {
        URI metrics = started.server().baseUri().resolve("metrics");
        assertThat(output).contains("metrics (GET):          " + metrics);
        HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(metrics).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        DemoResult demo = started.demo().orElseThrow();
        long accepted = demo.items().stream().filter(item -> item.kind() == Kind.VALID
                || item.kind() == Kind.CONCURRENT_DUPLICATE || item.kind() == Kind.UNKNOWN_TYPE
                || item.kind() == Kind.FAILS_FIRST).count();
        assertThat(sum(page.body(), "outcome=\"processed\"")).as(page.body()).isEqualTo(accepted);
        assertThat(sum(page.body(), "outcome=\"signature_mismatch\"")).isPositive();
        assertThat(sum(page.body(), "outcome=\"timestamp_outside_tolerance\"")).isPositive();
        assertThat(page.body()).contains("promptfloe_webhooks_handler_duration_seconds_count");
    }

    /** The sum of the delivery counters whose labels contain {@code label}. */
    private static long sum(String page, String label) {
        return page.lines().filter(line -> line.startsWith("promptfloe_webhooks_deliveries_total{")
                && line.contains(label)).mapToLong(line -> (long) Double.parseDouble(line.substring(
                        line.lastIndexOf(' ') + 1))).sum();
    }
}
