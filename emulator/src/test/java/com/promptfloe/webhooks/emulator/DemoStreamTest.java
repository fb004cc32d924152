package com.promptfloe.webhooks.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.promptfloe.webhooks.Secret;
import com.promptfloe.webhooks.event.PromptFloeEvent;
import com.promptfloe.webhooks.event.UnknownEvent;
import com.promptfloe.webhooks.testkit.LoopbackEndpoint;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.junit.jupiter.api.Test;

class DemoStreamTest {

    @Test
    void aCorrectReceiverProcessesTheValidOnesOnceAndRefusesTheForgedOnes() throws Exception {
        Secret secret = Secret.of("whsec_demo_test");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (LoopbackEndpoint endpoint = LoopbackEndpoint.start(secret, Clock.systemUTC())) {

            DemoResult result = DemoStream.run(endpoint.url(), secret,
                    new PrintStream(printed, true, StandardCharsets.UTF_8));

            String output = printed.toString(StandardCharsets.UTF_8);
            assertThat(result.allAsExpected()).as(output).isTrue();
            assertThat(result.exitCode()).isZero();
            assertThat(result.items()).extracting(DemoResult.Item::kind).containsExactly(
                    DemoResult.Kind.VALID, DemoResult.Kind.VALID, DemoResult.Kind.VALID, DemoResult.Kind.VALID,
                    DemoResult.Kind.DUPLICATE, DemoResult.Kind.CONCURRENT_DUPLICATE, DemoResult.Kind.TAMPERED,
                    DemoResult.Kind.STALE, DemoResult.Kind.UNKNOWN_TYPE, DemoResult.Kind.FAILS_FIRST);
            assertThat(result.items().get(5).deliveries()).hasSize(DemoStream.CONCURRENT_COPIES);
            assertThat(result.items().get(6).deliveries().get(0).attempts()).hasSize(1);
            assertThat(result.items().get(7).actual()).isEqualTo("401 timestamp_outside_tolerance");
            // 4 valid + 1 of the concurrent copies + the unknown type + the marked one, which this
            // receiver does not fail; never the duplicate or forged ones.
            assertThat(endpoint.handled()).hasSize(7).extracting(PromptFloeEvent::type).containsExactly(
                    "deployment.live", "app.generated", "skill.completed", "payment.succeeded",
                    "deployment.queued", "thing.happened", "app.failed");
            assertThat(endpoint.handled().get(6).data().getBoolean(DemoStream.SIMULATE_FAILURE)).isTrue();
            assertThat(result.items().get(9).actual()).isEqualTo("200 processed");
            assertThat(endpoint.handled().get(5)).isInstanceOf(UnknownEvent.class);
            assertThat(output).contains("attempt 1/7  200 processed").contains("attempt 1/1  401");
        }
    }

    @Test
    void runningTwiceAgainstOneReceiverProcessesTheSecondStreamToo() throws Exception {
        Secret secret = Secret.of("whsec_demo_test");
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        try (LoopbackEndpoint endpoint = LoopbackEndpoint.start(secret, Clock.systemUTC())) {
            assertThat(DemoStream.run(endpoint.url(), secret, quiet).allAsExpected()).isTrue();

            DemoResult second = DemoStream.run(endpoint.url(), secret, quiet);

            assertThat(second.allAsExpected()).isTrue();
            assertThat(endpoint.handled()).hasSize(14);
        }
    }

    @Test
    void theMarkedDeliveryIsAsExpectedWhenItsObserverFailsThreeTimesThenSucceedsOnARetry() throws Exception {
        Secret secret = Secret.of("whsec_demo_test");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (LoopbackEndpoint endpoint = LoopbackEndpoint.start(secret, Clock.systemUTC())
                .failMarked(DemoStream.SIMULATE_FAILURE, 3)) {

            DemoResult result = DemoStream.run(endpoint.url(), secret,
                    new PrintStream(printed, true, StandardCharsets.UTF_8));

            String output = printed.toString(StandardCharsets.UTF_8);
            assertThat(result.allAsExpected()).as(output).isTrue();
            DemoResult.Item marked = result.items().get(9);
            assertThat(marked.kind()).isEqualTo(DemoResult.Kind.FAILS_FIRST);
            assertThat(marked.deliveries().get(0).attempts()).extracting(AttemptRecord::status)
                    .containsExactly(500, 500, 500, 200);
            assertThat(marked.actual()).isEqualTo("200 processed on attempt 4");
            assertThat(endpoint.handled()).extracting(PromptFloeEvent::type).containsOnlyOnce("app.failed");
        }
    }

    @Test
    void theMarkedDeliveryIsNotAsExpectedWhenItsObserverNeverSucceeds() throws Exception {
        Secret secret = Secret.of("whsec_demo_test");
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        try (LoopbackEndpoint endpoint = LoopbackEndpoint.start(secret, Clock.systemUTC())
                .failMarked(DemoStream.SIMULATE_FAILURE, Integer.MAX_VALUE)) {

            // No real waiting between the seven attempts of the schedule.
            DemoResult result = DemoStream.builder().url(endpoint.url()).secret(secret).out(quiet)
                    .sleeper(duration -> { }).build().run();

            assertThat(result.allAsExpected()).isFalse();
            assertThat(result.exitCode()).isEqualTo(1);
            DemoResult.Item marked = result.items().get(9);
            assertThat(marked.asExpected()).isFalse();
            assertThat(marked.deliveries().get(0).attempts()).hasSize(7)
                    .allSatisfy(attempt -> assertThat(attempt.status()).isEqualTo(500));
        }
    }
}
