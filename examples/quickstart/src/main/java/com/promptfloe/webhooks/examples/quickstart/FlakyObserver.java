package com.promptfloe.webhooks.examples.quickstart;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.ConnectException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import com.promptfloe.webhooks.event.PromptFloeEvent;

/**
 * Demo only: fails on purpose, so the quickstart shows what a failing observer looks like. For an
 * event whose data holds {@code "simulateFailure": true} (the demo stream sends one) it throws on
 * the first {@value #FAILING_ATTEMPTS} calls, then lets the event through.
 *
 * <p>What a newcomer then sees: in dispatch mode the delivery is answered 500 three times and
 * processed on PromptFloe's fourth attempt; in inbox mode (three attempts allowed by the demo
 * configuration) the inbox entry ends dead, and a re-drive from the console processes it. The
 * console shows each failed attempt with this exception's stack trace.
 *
 * <p>It runs before every other observer ({@code @Priority} lowest), so they see the event once,
 * when it finally goes through.
 */
@ApplicationScoped
public class FlakyObserver {

    /** The data field that marks an event to fail on. */
    public static final String MARKER = "simulateFailure";
    /** How many calls fail for a marked event before it goes through. */
    public static final int FAILING_ATTEMPTS = 3;

    private static final Logger LOG = System.getLogger(FlakyObserver.class.getName());

    private final Map<String, Integer> failedCalls = new ConcurrentHashMap<>();

    void failFirstAttempts(@Observes @Priority(Interceptor.Priority.APPLICATION - 100) PromptFloeEvent event) {
        if (!event.data().getBoolean(MARKER, false)) {
            return;
        }
        int failed = failedCalls.merge(event.id(), 1, Integer::sum);
        if (failed <= FAILING_ATTEMPTS) {
            throw new IllegalStateException("demo: could not notify the on-call channel about " + event.type() + " "
                    + event.id() + " (simulated failure " + failed + " of " + FAILING_ATTEMPTS + ")",
                    new ConnectException("demo: chat.example.invalid:443 refused the connection"));
        }
        failedCalls.remove(event.id());
        LOG.log(Level.INFO, "Letting {0} through after {1} simulated failures (data {2}: true)", event.id(),
                FAILING_ATTEMPTS, MARKER);
    }
}
