package com.promptfloe.webhooks.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.junit.jupiter.api.Test;

/**
 * Issue 15's chaos run: the quickstart on two nodes sharing PostgreSQL, in dispatch mode with the
 * jdbc ledger and in inbox mode, while the emulator delivers with PromptFloe's retry schedule,
 * nodes are killed with SIGKILL and PostgreSQL restarts. Each test fails naming what was lost or
 * duplicated beyond what at-least-once allows.
 *
 * <p>Run by {@code chaos/run.sh short|long} or {@code -Pchaos}; settings in {@link ChaosSettings}.
 * Each run appends its figures to {@code target/chaos-report.txt}.
 */
class ChaosIT {

    private final ChaosSettings settings = ChaosSettings.fromSystemProperties();

    @Test
    void dispatchModeWithTheJdbcLedgerLosesNothingAcknowledged() throws Exception {
        check("dispatch");
    }

    @Test
    void inboxModeLosesNothingAcknowledgedAndEndsEveryDeliveryProcessedOrDead() throws Exception {
        check("inbox");
    }

    private void check(String mode) throws Exception {
        Path target = Path.of(System.getProperty("chaos.runner", "../examples/runner/target"));
        Path war = Path.of(System.getProperty("chaos.war", "target/promptfloe-webhooks-chaos.war"));
        assertThat(war).as("the chaos WAR: run this through mvn verify (chaos/run.sh), which packages it").exists();
        Path runtime = target.resolve("runtime.classpath");
        assertThat(runtime).as("the runner's class path: build examples/runner first (chaos/run.sh does)").exists();
        String classPath = target.resolve("classes") + File.pathSeparator
                + Files.readString(runtime, StandardCharsets.UTF_8).trim();

        long started = System.nanoTime();
        ChaosResult result = new ChaosRun(mode, settings, war, classPath, Path.of("target", "chaos-logs")).run();
        String report = "Chaos run, " + mode + " mode, " + settings + "\n" + String.join("\n", result.timeline()) + "\n"
                + result.report() + String.format("  %-42s %d s%n", "run time",
                        (System.nanoTime() - started) / 1_000_000_000L);
        System.out.println(report);
        append(report);
        assertThat(result.problems()).as(report).isEmpty();
    }

    private static void append(String report) throws IOException {
        Files.writeString(Path.of("target", "chaos-report.txt"), report + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
