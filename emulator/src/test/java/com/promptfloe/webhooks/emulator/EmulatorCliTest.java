package com.promptfloe.webhooks.emulator;

import com.promptfloe.webhooks.testkit.Fixtures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.promptfloe.webhooks.Secret;
import com.promptfloe.webhooks.WebhookHeaders;
import com.promptfloe.webhooks.event.AppGenerated;
import com.promptfloe.webhooks.testkit.LoopbackEndpoint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmulatorCliTest {

    private static final String SECRET = "whsec_cli_test";

    @TempDir
    Path store;

    private LoopbackEndpoint endpoint;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws IOException {
        endpoint = LoopbackEndpoint.start(Secret.of(SECRET), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        endpoint.close();
    }

    private int cli(String... args) {
        return EmulatorCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.<String, String>of()::get);
    }

    private List<String> withEndpoint(String command, String... more) {
        List<String> args = new ArrayList<>(List.of(command, "--url", endpoint.url().toString(), "--secret", SECRET,
                "--store", store.toString()));
        args.addAll(List.of(more));
        return args;
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    // picocli wraps help text to the terminal's width: compare words, not line breaks.
    private String help() {
        return out().replaceAll("\\s+", " ");
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void sendDeliversASampleAndExitsZero() {
        int code = cli(withEndpoint("send", "--type", "app.generated", "--delivery-id", "deliv_cli").toArray(String[]::new));

        assertThat(code).as(out() + err()).isZero();
        assertThat(out()).contains("deliv_cli  attempt 1/7  200 processed").contains("deliv_cli  delivered");
        assertThat(endpoint.handled()).singleElement().isInstanceOf(AppGenerated.class);
        assertThat(endpoint.received().get(0).verificationFailure()).isNull();
    }

    @Test
    void sendExitsOneWhenEveryAttemptFails() {
        endpoint.answerFirst(500, 500, 500, 500, 500, 500, 500);

        int code = cli(withEndpoint("send", "--time-scale", "0.000001").toArray(String[]::new));

        assertThat(code).as(out() + err()).isEqualTo(1);
        assertThat(out()).contains("attempt 7/7  500 scripted").contains("FAILED after 7 attempts")
                .doesNotContain("attempt 8");
        assertThat(endpoint.received()).hasSize(7);
    }

    @Test
    void sendsAFileExactlyAndDuplicatesConcurrently() throws IOException {
        Path file = store.resolve("event.json");
        byte[] body = Fixtures.envelope(com.promptfloe.webhooks.event.EventType.DEPLOYMENT_LIVE).freshId().toBytes();
        Files.write(file, body);

        int code = cli(withEndpoint("send", "--file", file.toString(), "--delivery-id", "deliv_file",
                "--duplicates", "2", "--concurrent", "--time-scale", "0.00001").toArray(String[]::new));

        assertThat(code).as(out() + err()).isZero();
        assertThat(endpoint.handled()).hasSize(1);
        assertThat(endpoint.received()).hasSizeGreaterThanOrEqualTo(3)
                .allSatisfy(r -> assertThat(r.body()).isEqualTo(body))
                .allSatisfy(r -> assertThat(r.header(WebhookHeaders.DELIVERY)).isEqualTo("deliv_file"));
        assertThat(out()).contains("with 2 concurrent duplicate(s)");
    }

    @Test
    void replaySendsTheSameDeliveryAgainInALaterRun() {
        assertThat(cli(withEndpoint("send", "--delivery-id", "deliv_again").toArray(String[]::new))).isZero();

        int code = cli(withEndpoint("replay", "--delivery-id", "deliv_again").toArray(String[]::new));

        assertThat(code).as(out() + err()).isZero();
        assertThat(out()).contains("deliv_again  attempt 1/7  200 duplicate");
        assertThat(endpoint.received()).hasSize(2);
        assertThat(endpoint.received().get(1).body()).isEqualTo(endpoint.received().get(0).body());
        assertThat(endpoint.handled()).hasSize(1);
    }

    @Test
    void demoAgainstACorrectReceiverIsAllAsExpected() {
        int code = cli(withEndpoint("demo").subList(0, 5).toArray(String[]::new));

        assertThat(code).as(out() + err()).isZero();
        assertThat(out()).contains("Demo finished: 10 of 10 deliveries as expected")
                .contains("=> 401 signature_mismatch: as expected")
                .contains("=> 401 timestamp_outside_tolerance: as expected")
                .contains("=> 200 duplicate: as expected")
                .doesNotContain("NOT as expected");
    }

    @Test
    void demoAgainstAReceiverThatAcceptsEverythingExitsOne() {
        endpoint.naive();

        int code = cli(withEndpoint("demo").subList(0, 5).toArray(String[]::new));

        assertThat(code).as(out() + err()).isEqualTo(1);
        assertThat(out()).contains("NOT as expected (expected 401, not retried)")
                .contains("NOT as expected (expected 200 duplicate)")
                .contains("Demo finished: 6 of 10 deliveries as expected");
    }

    @Test
    void replayOfAnUnknownDeliveryIsAUsageError() {
        int code = cli(withEndpoint("replay", "--delivery-id", "deliv_never").toArray(String[]::new));

        assertThat(code).isEqualTo(2);
        assertThat(err()).contains("no delivery deliv_never");
        assertThat(endpoint.received()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "bogus", "send", "send --url", "send --url http://127.0.0.1:1/x",
            "send --url not-a-url --secret s", "send --url http://127.0.0.1:1/x --secret s --time-scale 0",
            "send --url http://127.0.0.1:1/x --secret s --timeout soon",
            "send --url http://127.0.0.1:1/x --secret s --wat",
            "send --url http://127.0.0.1:1/x --secret s --duplicates -1",
            "send --url http://127.0.0.1:1/x --secret s --file /does/not/exist",
            "demo --url http://127.0.0.1:1/x --secret s --concurrent", "replay --url http://127.0.0.1:1/x --secret s",
            "send --url http://127.0.0.1:1/x --secret s --real-schedule --time-scale 0.5"})
    void usageErrorsExitTwoAndSendNothing(String line) {
        int code = cli(line.isEmpty() ? new String[0] : line.split(" "));

        assertThat(code).as(err()).isEqualTo(2);
        assertThat(err()).isNotBlank();
        assertThat(out()).isEmpty();
    }

    @Test
    void aRefusedSendIsRetriedOnACompressedScheduleByDefault() {
        endpoint.answerFirst(500, 500);

        // PromptFloe's real first two retries wait 1 and 5 minutes; the interactive default waits
        // 6 and 30 ms. The bound only tells the two apart: it is not a speed target.
        int code = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> cli(withEndpoint("send", "--delivery-id", "deliv_quick").toArray(String[]::new)));

        assertThat(code).as(out() + err()).isZero();
        assertThat(out()).contains("deliv_quick  attempt 3/7  200 processed");
    }

    @Test
    void helpExplainsEveryOption() {
        assertThat(cli("--help")).isZero();
        assertThat(help()).contains("send", "replay", "demo", "serve", "emit", "webhooks", "generate-completion",
                "Exit codes");
        for (String command : List.of("send", "replay", "demo")) {
            out.reset();
            assertThat(cli(command, "--help")).isZero();
            assertThat(help()).contains("--url", "--secret", "--timeout", "--time-scale", "--real-schedule", "--help")
                    .contains("default 0.0001 turns 1m into 6 ms", "about 14 s");
        }
        out.reset();
        cli("send", "--help");
        assertThat(help()).contains("--type", "--file", "--delivery-id", "--duplicates", "--concurrent", "--store");
        out.reset();
        cli("replay", "--help");
        assertThat(help()).contains("--delivery-id", "--store");
    }

    @Test
    void theHelpSaysWhatTheDefaultScaleReallyDoes() {
        double whole = DeliveryEmulator.PROMPTFLOE_SCHEDULE.stream().mapToDouble(Duration::toMillis).sum()
                * EmulatorCli.DEFAULT_TIME_SCALE;
        long firstRetry = Math.round(Duration.ofMinutes(1).toMillis() * EmulatorCli.DEFAULT_TIME_SCALE);

        assertThat(EmulatorCli.TIME_SCALE_EFFECT).contains("default " + EmulatorCli.plain(EmulatorCli.DEFAULT_TIME_SCALE)
                + " turns 1m into " + firstRetry + " ms", "about " + Math.round(whole / 1000) + " s");
    }

    @Test
    void completionScriptIsGenerated() {
        assertThat(cli("generate-completion")).isZero();
        assertThat(out()).contains("complete -F", "promptfloe", "webhooks", "send");
    }
}
