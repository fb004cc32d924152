package com.promptfloe.webhooks.examples.quickstart;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.promptfloe.webhooks.event.PromptFloeEvent;

/**
 * Remembers, in order, every event an observer of this application was called with, so
 * {@code GET /received} can show what happened.
 *
 * <p>A real application would do its work in the observers instead; this list lives in memory,
 * keeps only the latest {@value #CAPACITY} calls, and is lost on restart.
 */
@ApplicationScoped
public class ReceivedEvents {

    /**
     * One observer call.
     *
     * @param observer   which observer method was called
     * @param eventId    the envelope's {@code id}
     * @param type       the envelope's {@code type}, such as {@code deployment.live}
     * @param deliveryId the {@code X-PromptFloe-Delivery} header of the delivery that carried it
     */
    public record Entry(String observer, String eventId, String type, String deliveryId) {
    }

    /** Enough for the demo and for looking around; a load run must not grow the heap without end. */
    static final int CAPACITY = 1000;

    private final Deque<Entry> entries = new ArrayDeque<>();

    /**
     * Record that {@code observer} was called with {@code event}.
     *
     * @param observer the observer's name, as shown by {@code GET /received}
     * @param event    the event it received
     */
    public void add(String observer, PromptFloeEvent event) {
        Entry entry = new Entry(observer, event.id(), event.type(), event.deliveryId());
        synchronized (entries) {
            if (entries.size() == CAPACITY) {
                entries.removeFirst();
            }
            entries.addLast(entry);
        }
    }

    /**
     * The latest calls, oldest first.
     *
     * @return an unmodifiable snapshot
     */
    public List<Entry> all() {
        synchronized (entries) {
            return List.copyOf(entries);
        }
    }
}
