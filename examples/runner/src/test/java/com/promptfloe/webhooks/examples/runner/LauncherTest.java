package com.promptfloe.webhooks.examples.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's command line: what it accepts, and what it says when something is wrong. */
class LauncherTest {

    private final PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @Test
    void refusesAnUnknownOptionAndNamesIt() {
        assertThatThrownBy(() -> Launcher.start(new String[] {"--war", "x.war", "--prot", "1"}, out))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--prot");
    }

    @Test
    void refusesAPortOutOfRange() {
        assertThatThrownBy(() -> Launcher.start(new String[] {"--war", "x.war", "--port", "70000"}, out))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("70000");
        assertThatThrownBy(() -> Launcher.start(new String[] {"--war", "x.war", "--port"}, out))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--port needs a value");
    }

    @Test
    void needsAWarAndSaysHowToBuildIt() {
        assertThatThrownBy(() -> Launcher.start(new String[] {"--no-demo"}, out))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--war");
        assertThatThrownBy(() -> Launcher.start(new String[] {"--war", dir.resolve("missing.war").toString()}, out))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("build it first");
    }

    @Test
    void aTakenPortIsReportedWithTheOptionThatAvoidsIt() throws IOException {
        Path war = Files.createDirectories(dir.resolve("empty-war/WEB-INF"));
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            String port = String.valueOf(taken.getLocalPort());
            assertThatThrownBy(() -> Launcher.start(
                    new String[] {"--war", war.getParent().toString(), "--port", port, "--no-demo"}, out))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("Port " + port + " is taken")
                    .hasMessageContaining("--port");
        }
    }

    @Test
    void refusesAnUnknownModeAndABadDatabaseSetting() {
        assertThatThrownBy(() -> Launcher.start(new String[] {"--war", "x.war", "--mode", "queue"}, out))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--mode must be dispatch or inbox: queue");
        assertThatThrownBy(() -> Launcher.start(new String[] {"--war", "x.war", "--jdbc-url", "postgres://x"}, out))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be a JDBC URL");
        assertThatThrownBy(() -> Launcher.start(new String[] {"--war", "x.war", "--jdbc-user", "postgres"}, out))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--jdbc-user and --jdbc-password need --jdbc-url");
    }

    @Test
    void usageListsEveryOption() {
        assertThat(Launcher.USAGE).contains("--war", "--port", "--context", "--secret", "--no-demo", "--no-mp-config",
                "--mode", "--jdbc-url", "--jdbc-user", "--jdbc-password");
    }
}
