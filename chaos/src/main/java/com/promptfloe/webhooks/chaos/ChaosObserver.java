package com.promptfloe.webhooks.chaos;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import com.promptfloe.webhooks.event.PromptFloeEvent;

/**
 * The chaos run's observer: keeps a durable record of every run in its own PostgreSQL table, and
 * sometimes throws or is slower than PromptFloe waits.
 *
 * <p>Inert unless the system property {@value #TABLE} names the table (the harness sets it on the
 * node's JVM), so this WAR behaves as the quickstart otherwise. Each run inserts a row when it
 * starts (event id, delivery id, node, process id, time) and sets {@code outcome} to
 * {@code finished} or {@code threw} when it ends; a run cut short (its node killed, the database
 * gone) keeps a row without an outcome. The rows are written through the application's
 * {@code java:comp/DefaultDataSource}, the pool the library uses too.
 */
@ApplicationScoped
public class ChaosObserver {

    /** System property: the record's table; unset, the observer does nothing. */
    public static final String TABLE = "chaos.table";
    /** System property: this node's name in the record. */
    public static final String NODE = "chaos.node";
    /** System property: share of runs that throw after their work, 0 to 1. */
    public static final String THROW_RATE = "chaos.throw-rate";
    /** System property: share of runs that take {@value #SLOW_MILLIS} instead of {@value #WORK_MILLIS}. */
    public static final String SLOW_RATE = "chaos.slow-rate";
    /** System property: how long a slow run works, in milliseconds (longer than the emulator's timeout). */
    public static final String SLOW_MILLIS = "chaos.slow-millis";
    /** System property: how long an ordinary run works, in milliseconds. */
    public static final String WORK_MILLIS = "chaos.work-millis";

    private final String table = System.getProperty(TABLE);
    private final String node = System.getProperty(NODE, "node");
    private final double throwRate = Double.parseDouble(System.getProperty(THROW_RATE, "0"));
    private final double slowRate = Double.parseDouble(System.getProperty(SLOW_RATE, "0"));
    private final long slowMillis = Long.parseLong(System.getProperty(SLOW_MILLIS, "0"));
    private final long workMillis = Long.parseLong(System.getProperty(WORK_MILLIS, "0"));
    private final long pid = ProcessHandle.current().pid();
    private volatile DataSource dataSource;

    // Looked up at start-up, on a thread whose java:comp is the application's; the inbox worker's
    // threads may not see it.
    void start(@Observes @Initialized(ApplicationScoped.class) Object application) throws NamingException {
        if (table != null) {
            dataSource = (DataSource) new InitialContext().lookup("java:comp/DefaultDataSource");
        }
    }

    // After the quickstart's own observers, so a throw here fails a delivery they already saw.
    void onEvent(@Observes @Priority(Interceptor.Priority.APPLICATION + 100) PromptFloeEvent event)
            throws InterruptedException {
        if (table == null) {
            return;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        boolean slow = random.nextDouble() < slowRate;
        boolean fail = random.nextDouble() < throwRate;
        long run = started(event);
        Thread.sleep(slow ? slowMillis : workMillis);
        ended(run, fail ? "threw" : "finished");
        if (fail) {
            throw new IllegalStateException("chaos: this observer fails on purpose for " + event.id());
        }
    }

    private long started(PromptFloeEvent event) {
        String sql = "INSERT INTO " + table + " (event_id, delivery_id, node, pid, started_at) VALUES (?, ?, ?, ?, ?)";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(sql, new String[] {"id"})) {
            insert.setString(1, event.id());
            insert.setString(2, event.deliveryId());
            insert.setString(3, node);
            insert.setLong(4, pid);
            insert.setLong(5, System.currentTimeMillis());
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("chaos: could not record the start of " + event.id() + ": " + e, e);
        }
    }

    private void ended(long run, String outcome) {
        String sql = "UPDATE " + table + " SET outcome = ?, ended_at = ? WHERE id = ?";
        try (Connection connection = dataSource.getConnection(); PreparedStatement update = connection.prepareStatement(sql)) {
            update.setString(1, outcome);
            update.setLong(2, System.currentTimeMillis());
            update.setLong(3, run);
            update.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("chaos: could not record the end of run " + run + ": " + e, e);
        }
    }
}
