package com.promptfloe.webhooks.examples.webxml;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;

import com.promptfloe.webhooks.event.PromptFloeEvent;

/**
 * Remembers, in order, every event an observer of this application was called with, so
 * {@code GET /received} can show what happened.
 *
 * <p>A real application would do its work in the observers instead; this list lives in memory
 * and is lost on restart.
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

    private final List<Entry> entries = new CopyOnWriteArrayList<>();

    /**
     * Record that {@code observer} was called with {@code event}.
     *
     * @param observer the observer's name, as shown by {@code GET /received}
     * @param event    the event it received
     */
    public void add(String observer, PromptFloeEvent event) {
        entries.add(new Entry(observer, event.id(), event.type(), event.deliveryId()));
    }

    /**
     * Every call so far, oldest first.
     *
     * @return an unmodifiable snapshot
     */
    public List<Entry> all() {
        return List.copyOf(entries);
    }
}
