package com.promptfloe.webhooks.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One quickstart node: a JVM of its own started from the runner's class path, always on the same
 * port, killed with SIGKILL and started again as the run wants. Its output goes to a log file per
 * start.
 */
final class ChaosNode {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final String name;
    private final int port;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path logs;
    private final List<Life> lives = new ArrayList<>();
    private Process process;

    /**
     * One start of the node: its process id, when it started serving and when it was killed.
     *
     * @param pid      the JVM's process id
     * @param log      its output
     * @param killedAt when it was killed (epoch millis), 0 when it was not
     */
    record Life(long pid, Path log, long killedAt) {
    }

    private ChaosNode(String name, int port, List<String> command, Map<String, String> environment, Path logs) {
        this.name = name;
        this.port = port;
        this.command = command;
        this.environment = environment;
        this.logs = logs;
    }

    /**
     * A node that is not started yet, on a free port of its own.
     *
     * @param name        its name in the record
     * @param classPath   the runner's class path
     * @param properties  system properties of the node's JVM
     * @param launcherArgs the launcher's arguments other than --port
     * @param environment variables added to the node's environment
     * @param logs        the directory for the node's output
     * @return the node
     */
    static ChaosNode create(String name, String classPath, Map<String, String> properties, List<String> launcherArgs,
            Map<String, String> environment, Path logs) {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-cp", classPath, "com.promptfloe.webhooks.examples.runner.Launcher",
                "--port", Integer.toString(port)));
        command.addAll(launcherArgs);
        return new ChaosNode(name, port, List.copyOf(command), Map.copyOf(environment), logs);
    }

    String name() {
        return name;
    }

    int port() {
        return port;
    }

    /** Every start so far, in order. */
    List<Life> lives() {
        return List.copyOf(lives);
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    /**
     * Starts the JVM and waits until the application answers.
     *
     * @throws IllegalStateException when it exits or does not answer within two minutes; the
     *     message names its log
     */
    void start() throws InterruptedException {
        Path log = logs.resolve(name + "-" + (lives.size() + 1) + ".log");
        try {
            Files.createDirectories(logs);
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
            builder.environment().putAll(environment);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start node " + name + ": " + command, e);
        }
        lives.add(new Life(process.pid(), log, 0));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI probe = URI.create("http://127.0.0.1:" + port + "/received");
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("node " + name + " exited with " + process.exitValue()
                        + " while starting; its output is in " + log.toAbsolutePath());
            }
            try {
                if (http.send(HttpRequest.newBuilder(probe).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("node " + name + " did not answer on port " + port + " within "
                + START_TIMEOUT.toSeconds() + " s; its output is in " + log.toAbsolutePath());
    }

    /**
     * SIGKILL, as a crash or an OOM killer does: nothing in the JVM runs any more.
     *
     * @return when it was killed, epoch millis
     */
    long kill() throws InterruptedException {
        long at = System.currentTimeMillis();
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("node " + name + " (pid " + process.pid() + ") survived SIGKILL for 30 s");
        }
        Life life = lives.remove(lives.size() - 1);
        lives.add(new Life(life.pid(), life.log(), at));
        return at;
    }

    /** Stops the node as an operator does (SIGTERM: Jetty stops, running observers finish). */
    void stop() throws InterruptedException {
        if (alive()) {
            process.destroy();
            if (!process.waitFor(40, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    /** The last lines of the node's current log, for a failure message. */
    String tail() {
        if (lives.isEmpty()) {
            return "";
        }
        try {
            List<String> lines = Files.readAllLines(lives.get(lives.size() - 1).log(), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }
}
