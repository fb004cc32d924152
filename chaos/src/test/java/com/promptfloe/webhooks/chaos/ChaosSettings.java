package com.promptfloe.webhooks.chaos;

import java.time.Duration;

/**
 * What one chaos run does, from system properties ({@code chaos.deliveries=1200} and so on);
 * the defaults are the short run CI does.
 *
 * @param deliveries     deliveries the emulator sends
 * @param rate           deliveries started per second
 * @param kills          SIGKILLs of a node during the stream, each followed by a restart
 * @param databaseRestart whether PostgreSQL is stopped and started again mid-stream
 * @param outage         how long PostgreSQL stays stopped
 * @param timeScale      the emulator's time scale for PromptFloe's retry schedule (1 minute becomes 30 ms at 0.0005)
 * @param responseTimeout how long the emulator waits for an answer: stands for PromptFloe's 10 s, and is
 *     longer than the nodes' pool waits for a connection (3 s), so a database outage is answered 503
 * @param throwRate      share of observer runs that throw
 * @param slowRate       share of observer runs slower than {@code responseTimeout}
 * @param workMillis     an ordinary observer run, in milliseconds
 * @param slowMillis     a slow observer run, in milliseconds
 * @param lease          the ledger's in-flight lease and the inbox's claim lease: longer than a slow run
 * @param jdbcUrl        the PostgreSQL the nodes share
 * @param seed           seeds the kill moments and which node dies
 */
record ChaosSettings(int deliveries, double rate, int kills, boolean databaseRestart, Duration outage,
        double timeScale, Duration responseTimeout, double throwRate, double slowRate, long workMillis,
        long slowMillis, Duration lease, String jdbcUrl, long seed) {

    ChaosSettings {
        if (deliveries < 1 || rate <= 0 || kills < 0) {
            throw new IllegalArgumentException("chaos.deliveries and chaos.rate must be positive and chaos.kills not "
                    + "negative: " + deliveries + ", " + rate + ", " + kills);
        }
        if (slowMillis <= responseTimeout.toMillis() || lease.toMillis() <= 2 * slowMillis) {
            throw new IllegalArgumentException("a slow run (chaos.slow-millis=" + slowMillis + ") must outlast the "
                    + "emulator's timeout (" + responseTimeout.toMillis() + " ms) and fit twice in the lease (" + lease
                    + "), or slow runs would be taken over as abandoned");
        }
    }

    /**
     * The settings the system properties give, the short run's where unset.
     *
     * @return the settings
     */
    static ChaosSettings fromSystemProperties() {
        return new ChaosSettings(
                Integer.getInteger("chaos.deliveries", 300),
                Double.parseDouble(System.getProperty("chaos.rate", "10")),
                Integer.getInteger("chaos.kills", 2),
                Boolean.parseBoolean(System.getProperty("chaos.database-restart", "true")),
                Duration.ofSeconds(Integer.getInteger("chaos.outage-seconds", 5)),
                Double.parseDouble(System.getProperty("chaos.time-scale", "0.0005")),
                Duration.ofMillis(Long.getLong("chaos.response-timeout-millis", 4000)),
                Double.parseDouble(System.getProperty("chaos.throw-rate", "0.05")),
                Double.parseDouble(System.getProperty("chaos.slow-rate", "0.02")),
                Long.getLong("chaos.work-millis", 30),
                Long.getLong("chaos.slow-millis", 5000),
                Duration.ofSeconds(Integer.getInteger("chaos.lease-seconds", 12)),
                System.getProperty("chaos.jdbc-url", "jdbc:postgresql://127.0.0.1:5432/test"),
                Long.getLong("chaos.seed", System.nanoTime()));
    }

    /** How long the stream of first attempts lasts. */
    Duration stream() {
        return Duration.ofMillis(Math.round(deliveries / rate * 1000));
    }
}
