package com.promptfloe.webhooks.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.promptfloe.webhooks.Secret;
import com.promptfloe.webhooks.event.DeploymentLive;
import com.promptfloe.webhooks.testkit.LoopbackEndpoint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** The management and local-PromptFloe commands, against a local PromptFloe. */
class WebhooksCliTest {

    private static final String KEY = "pf_cli_key_Zx81";

    private LocalPromptFloe promptFloe;
    private final Map<String, String> environment = new HashMap<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws IOException {
        promptFloe = LocalPromptFloe.builder().apiKey(KEY).timeScale(0.00001).start();
        environment.put(EmulatorCli.API_URL_VARIABLE, promptFloe.baseUri().toString());
        environment.put(EmulatorCli.API_KEY_VARIABLE, KEY);
    }

    @AfterEach
    void stop() {
        promptFloe.close();
    }

    private int cli(String... args) {
        out.reset();
        err.reset();
        return EmulatorCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), environment::get);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void createPrintsTheSecretWithTheLinesToPasteThenEmitAndReplayReachTheApp() throws Exception {
        assertThat(cli("webhooks", "create", "--url", "https://placeholder.example/hook", "--events",
                "deployment.live,app.generated")).as(err()).isZero();
        String created = out();
        Matcher id = Pattern.compile("Created (wh_\\w+)  enabled   https://placeholder.example/hook  "
                + "deployment.live,app.generated").matcher(created);
        assertThat(id.find()).as(created).isTrue();
        Matcher env = Pattern.compile("(?m)^  export PROMPTFLOE_WEBHOOKS_SECRET=(whsec_\\w+)$").matcher(created);
        assertThat(env.find()).as(created).isTrue();
        String secret = env.group(1);
        assertThat(created).contains("\n  promptfloe.webhooks.secret=" + secret + "\n")
                .contains("shown this once");
        assertThat(created.split(secret, -1)).as("the secret, once in each form").hasSize(3);
        String webhookId = id.group(1);

        try (LoopbackEndpoint app = LoopbackEndpoint.start(Secret.of(secret), Clock.systemUTC())) {
            assertThat(cli("webhooks", "update", webhookId, "--url", app.url().toString())).as(err()).isZero();
            assertThat(out()).contains("Updated " + webhookId, app.url().toString(), "deployment.live,app.generated");

            assertThat(cli("emit", "--type", "deployment.live")).as(err()).isZero();
            Matcher delivery = Pattern.compile("(deliv_\\w+) -> " + webhookId).matcher(out());
            assertThat(delivery.find()).as(out()).isTrue();
            assertThat(out()).contains("to 1 subscription(s)");
            assertThat(promptFloe.awaitDeliveries(Duration.ofSeconds(20))).isTrue();
            assertThat(app.handled()).singleElement().isInstanceOf(DeploymentLive.class);

            assertThat(cli("webhooks", "replay", webhookId, delivery.group(1))).as(err()).isZero();
            assertThat(out()).contains("Replay of " + delivery.group(1) + " to " + webhookId + ": queued");
            assertThat(promptFloe.awaitDeliveries(Duration.ofSeconds(20))).isTrue();
            assertThat(promptFloe.delivery(delivery.group(1)).orElseThrow().attempts())
                    .extracting(AttemptRecord::reason).containsExactly("processed", "duplicate");
            assertThat(app.handled()).hasSize(1);
        }

        assertThat(cli("webhooks", "get", webhookId)).isZero();
        assertThat(out()).startsWith(webhookId + "  enabled").doesNotContain(secret);
        assertThat(cli("webhooks", "update", webhookId, "--enabled", "false")).isZero();
        assertThat(out()).contains("disabled");
        assertThat(cli("webhooks", "list")).isZero();
        assertThat(out()).contains(webhookId + "  disabled").contains("1 webhook(s)").doesNotContain(secret);
        assertThat(cli("webhooks", "delete", webhookId)).isZero();
        assertThat(out()).contains("Deleted " + webhookId);

        assertThat(cli("webhooks", "get", webhookId)).isEqualTo(EmulatorCli.EXIT_FAILED);
        assertThat(err()).contains("error: PromptFloe answered 404 not_found", "request id req_");
        assertThat(promptFloe.requests()).allSatisfy(r -> assertThat(r.header("Authorization"))
                .isEqualTo("Bearer (redacted)"));
    }

    @Test
    void listGoesThroughEveryPage() {
        for (int i = 0; i < 5; i++) {
            assertThat(cli("webhooks", "create", "--url", "https://a.example/" + i, "--events", "payment.failed")).isZero();
        }
        promptFloe.clearRequests();

        assertThat(cli("webhooks", "list", "--page-size", "2")).isZero();

        assertThat(out()).contains("https://a.example/0", "https://a.example/4", "5 webhook(s)");
        assertThat(promptFloe.requests()).hasSize(3);
    }

    @Test
    void apiFailuresExitOneAndNeverShowTheKey() {
        environment.put(EmulatorCli.API_KEY_VARIABLE, "pf_wrong_key_Q");

        assertThat(cli("webhooks", "list")).isEqualTo(EmulatorCli.EXIT_FAILED);

        assertThat(err()).contains("error: PromptFloe answered 401").doesNotContain("pf_wrong_key_Q");
        assertThat(out()).doesNotContain("pf_wrong_key_Q");
    }

    @ParameterizedTest
    @ValueSource(strings = {"webhooks", "webhooks create --url https://a.example/h",
            "webhooks create --url https://a.example/h --events nope",
            "webhooks create --url relative --events app.failed", "webhooks update wh_1",
            "webhooks update wh_1 --enabled maybe", "webhooks get", "webhooks replay wh_1",
            "webhooks get wh/1", "emit --type thing.happened", "emit", "serve --port 70000",
            "webhooks list --page-size 0"})
    void usageErrorsExitTwoAndSendNothing(String line) {
        assertThat(cli(line.split(" "))).as(err()).isEqualTo(EmulatorCli.EXIT_USAGE);
        assertThat(err()).isNotBlank();
        assertThat(promptFloe.requests()).isEmpty();
    }

    @Test
    void withoutTheApiSettingsTheMessageSaysWhatToSet() {
        environment.clear();

        assertThat(cli("webhooks", "list")).isEqualTo(EmulatorCli.EXIT_USAGE);
        assertThat(err()).contains("--api-url is required (or set PROMPTFLOE_API_URL)");

        environment.put(EmulatorCli.API_URL_VARIABLE, promptFloe.baseUri().toString());
        assertThat(cli("webhooks", "list")).isEqualTo(EmulatorCli.EXIT_USAGE);
        assertThat(err()).contains("--api-key is required (or set PROMPTFLOE_API_KEY)");
    }

    @Test
    void serveRunsALocalPromptFloeUntilStopped() throws Exception {
        ByteArrayOutputStream served = new ByteArrayOutputStream();
        CommandLine line = EmulatorCli.commandLine(new PrintStream(served, true, StandardCharsets.UTF_8),
                new PrintStream(served, true, StandardCharsets.UTF_8), environment::get);
        EmulatorCli.Serve serve = (EmulatorCli.Serve) line.getSubcommands().get("serve").getCommand();
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> code = thread.submit(() -> line.execute("serve", "--port", "0"));
            for (long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                    serve.running == null && System.nanoTime() < deadline; Thread.sleep(20)) {
                // waiting for the server to listen
            }
            assertThat(serve.running).as(err()).isNotNull();
            environment.put(EmulatorCli.API_URL_VARIABLE, serve.running.baseUri().toString());

            assertThat(cli("webhooks", "list")).as("the served API accepts the key from the environment").isZero();
            assertThat(out()).contains("0 webhook(s)");

            serve.stop.countDown();
            assertThat(code.get()).isZero();
        } finally {
            thread.shutdownNow();
        }
        assertThat(served.toString(StandardCharsets.UTF_8))
                .contains("Local PromptFloe listening on http://127.0.0.1:", "export PROMPTFLOE_API_URL=",
                        "GET /v1/webhooks -> 200")
                .doesNotContain(KEY);
    }
}
