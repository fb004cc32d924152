package com.promptfloe.webhooks.jakarta.it.app;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** What the application saw, read by the tests over HTTP (never asserted inside observers). */
@ApplicationScoped
public class CallRecorder {

    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final Map<String, List<String>> order = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> gates = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> entered = new ConcurrentHashMap<>();

    /** Counts one call under a key such as {@code live:evt_1}; returns the count so far. */
    public int record(String key) {
        return counts.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    }

    public int count(String key) {
        AtomicInteger count = counts.get(key);
        return count == null ? 0 : count.get();
    }

    public void recordOrder(String eventId, String observer) {
        order.computeIfAbsent(eventId, k -> new CopyOnWriteArrayList<>()).add(observer);
    }

    public String order(String eventId) {
        return String.join(",", order.getOrDefault(eventId, List.of()));
    }

    /** Called by a blocking observer: signals it is inside, then waits for the test to release it. */
    public void block(String eventId) throws InterruptedException {
        entered.computeIfAbsent(eventId, k -> new CountDownLatch(1)).countDown();
        if (!gates.computeIfAbsent(eventId, k -> new CountDownLatch(1)).await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the test never released " + eventId);
        }
    }

    public boolean entered(String eventId) {
        CountDownLatch latch = entered.get(eventId);
        return latch != null && latch.getCount() == 0;
    }

    public void release(String eventId) {
        gates.computeIfAbsent(eventId, k -> new CountDownLatch(1)).countDown();
    }
}
