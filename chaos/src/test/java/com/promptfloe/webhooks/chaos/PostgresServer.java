package com.promptfloe.webhooks.chaos;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The shared PostgreSQL server of this machine: connections for the harness, and a restart with a
 * real outage (stop, wait, start) through {@code pg_ctlcluster}, announced by holding
 * {@code /tmp/pfw-postgres.lock}.
 */
final class PostgresServer {

    private static final String LOCK = "/tmp/pfw-postgres.lock";

    private final String url;

    PostgresServer(String url) {
        this.url = url;
    }

    /**
     * A connection as user {@code postgres}.
     *
     * @throws IllegalStateException when PostgreSQL cannot be reached, saying what to start
     */
    Connection connect() {
        try {
            return DriverManager.getConnection(url, "postgres", "");
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL is not reachable at " + url + " as user postgres (" + e.getMessage()
                    + "): the chaos run needs it, with trust authentication and a database 'test'. Start it with "
                    + "pg_ctlcluster " + version() + " main start (or point -Dchaos.jdbc-url at another)", e);
        }
    }

    private boolean reachable() {
        try (Connection connection = DriverManager.getConnection(url, "postgres", "")) {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * Stops the server, keeps it down for {@code outage}, starts it again and waits until it
     * accepts connections.
     *
     * @return when it went down and when it accepted connections again, epoch millis
     */
    long[] restart(Duration outage) throws InterruptedException {
        String cluster = version() + " main";
        String script = "pg_ctlcluster --skip-systemctl-redirect " + cluster + " stop && echo DOWN && sleep "
                + outage.toSeconds() + " ; pg_ctlcluster --skip-systemctl-redirect " + cluster + " start && echo UP";
        long down = 0;
        // -o: the lock is flock's alone; the server started inside must not inherit it, or it would
        // hold the lock for as long as it runs.
        try {
            Process process = new ProcessBuilder("flock", "-o", "-w", "600", LOCK, "sh", "-c", script).redirectErrorStream(true)
                    .start();
            StringBuilder output = new StringBuilder();
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    output.append(line).append('\n');
                    if (line.equals("DOWN")) {
                        down = System.currentTimeMillis();
                    }
                }
            }
            int exit = process.waitFor();
            if (exit != 0 || down == 0) {
                ensureRunning();
                throw new IllegalStateException("restarting PostgreSQL failed with exit " + exit + " (" + script + "; "
                        + "flock exits 1 when " + LOCK + " stayed held for 10 minutes):\n" + output);
            }
        } catch (IOException e) {
            ensureRunning();
            throw new UncheckedIOException("could not run pg_ctlcluster to restart PostgreSQL", e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!reachable()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("PostgreSQL did not accept connections within 60 s of its start");
            }
            Thread.sleep(50);
        }
        return new long[] {down, System.currentTimeMillis()};
    }

    /** Starts the server if it is down, so a failed run never leaves it stopped. */
    void ensureRunning() {
        if (reachable()) {
            return;
        }
        try {
            Process start = new ProcessBuilder("pg_ctlcluster", "--skip-systemctl-redirect", version(), "main", "start")
                    .inheritIO().start();
            start.waitFor(60, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL is down and pg_ctlcluster could not start it: start it by hand", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String version() {
        try (Stream<Path> versions = Files.list(Path.of("/etc/postgresql"))) {
            List<String> found = versions.map(path -> path.getFileName().toString()).sorted().toList();
            if (found.isEmpty()) {
                throw new IllegalStateException("no cluster under /etc/postgresql");
            }
            return found.get(found.size() - 1);
        } catch (IOException e) {
            throw new IllegalStateException("the chaos run restarts PostgreSQL with pg_ctlcluster and found no "
                    + "/etc/postgresql: run it on a machine with a local Debian PostgreSQL, or set "
                    + "-Dchaos.database-restart=false", e);
        }
    }
}
