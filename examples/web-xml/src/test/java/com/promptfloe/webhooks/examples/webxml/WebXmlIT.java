package com.promptfloe.webhooks.examples.webxml;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import org.junit.jupiter.api.Test;

import com.promptfloe.webhooks.examples.runner.Launcher;
import com.promptfloe.webhooks.emulator.DemoResult;
import com.promptfloe.webhooks.emulator.DemoResult.Kind;

/**
 * Runs the web.xml example on the same launcher with MicroProfile Config hidden from it, so the
 * only configuration is web.xml's, and plays the demo stream at the path web.xml maps.
 */
class WebXmlIT {

    @Test
    void configuredByWebXmlAloneItProcessesValidDeliveriesOnceAndRefusesTheRest() throws Exception {
        Path war = Path.of(System.getProperty("example.war", "target/promptfloe-webhooks-example-web-xml.war"));
        assertThat(war).as("the web-xml WAR; run this through mvn verify, which packages it first").exists();
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        Launcher.Started started;
        try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            started = Launcher.start(new String[] {"--war", war.toString(), "--port", "0", "--no-mp-config"}, out);
        } finally {
            System.out.print(buffer.toString(StandardCharsets.UTF_8));
        }
        try {
            assertThat(started.server().webhookUri().getPath()).isEqualTo("/hooks/promptfloe");
            assertThat(started.server().config("promptfloe.webhooks.secret"))
                    .hasValue("whsec_web_xml_demo_only_not_a_real_secret");
            assertThat(buffer.toString(StandardCharsets.UTF_8)).contains("no MicroProfile Config");

            DemoResult demo = started.demo().orElseThrow();
            assertThat(demo.items()).allSatisfy(item -> assertThat(item.asExpected())
                    .as("%s: expected %s, was %s", item.description(), item.expected(), item.actual()).isTrue());

            List<String> accepted = demo.items().stream()
                    .filter(i -> i.kind() == Kind.VALID || i.kind() == Kind.CONCURRENT_DUPLICATE
                            || i.kind() == Kind.UNKNOWN_TYPE || i.kind() == Kind.FAILS_FIRST)
                    .map(i -> i.deliveries().get(0).deliveryId()).toList();
            List<String> refused = demo.items().stream()
                    .filter(i -> i.kind() == Kind.TAMPERED || i.kind() == Kind.STALE)
                    .map(i -> i.deliveries().get(0).deliveryId()).toList();
            assertThat(refused).hasSize(2);

            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(started.server().receivedUri()).build(), HttpResponse.BodyHandlers.ofString());
            List<JsonObject> received;
            try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
                received = reader.readArray().getValuesAs(JsonObject.class);
            }
            assertThat(received.stream().filter(e -> e.getString("observer").equals("onAnyEvent"))
                    .map(e -> e.getString("deliveryId")).toList()).containsExactlyElementsOf(accepted);
            assertThat(received).noneMatch(e -> refused.contains(e.getString("deliveryId")));
        } finally {
            started.server().close();
        }
    }
}
