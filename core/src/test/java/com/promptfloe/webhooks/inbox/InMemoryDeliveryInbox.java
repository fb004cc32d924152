package com.promptfloe.webhooks.inbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An inbox in one JVM's memory, for core's worker tests; not durable, so no product uses it. It can
 * be told to fail, to stand for a database that is down.
 */
public final class InMemoryDeliveryInbox implements DeliveryInbox {

    private final Clock clock;
    private final Map<String, InboxEntry> entries = new LinkedHashMap<>();
    /** While positive, every call throws {@link InboxException} and counts down. */
    private final AtomicInteger failures = new AtomicInteger();

    /**
     * Creates an empty inbox.
     *
     * @param clock the clock leases and due times follow
     */
    public InMemoryDeliveryInbox(Clock clock) {
        this.clock = clock;
    }

    /**
     * Makes the next {@code count} calls fail as if the store were down.
     *
     * @param count how many calls fail
     */
    public void failNext(int count) {
        failures.set(count);
    }

    private void maybeFail() {
        if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new InboxException("the in-memory inbox was told to fail", null);
        }
    }

    private static String key(String endpoint, String deliveryId) {
        return endpoint + "\n" + deliveryId;
    }

    @Override
    public synchronized boolean store(InboxDelivery delivery) {
        maybeFail();
        for (InboxEntry entry : entries.values()) {
            if (entry.endpoint().equals(delivery.endpoint()) && (entry.deliveryId().equals(delivery.deliveryId())
                    || entry.delivery().eventId().equals(delivery.eventId()))) {
                return false;
            }
        }
        entries.put(key(delivery.endpoint(), delivery.deliveryId()),
                new InboxEntry(delivery, InboxEntry.State.PENDING, 0, delivery.receivedAt(), null, 0));
        return true;
    }

    @Override
    public synchronized com.promptfloe.webhooks.monitoring.InboxCounts count() {
        maybeFail();
        long pending = 0;
        long retrying = 0;
        long dead = 0;
        Instant oldest = null;
        for (InboxEntry entry : entries.values()) {
            switch (entry.state()) {
                case DEAD -> dead++;
                case DONE -> { }
                default -> {
                    if (entry.lastError() != null) {
                        retrying++;
                    } else {
                        pending++;
                    }
                    Instant received = entry.delivery().receivedAt();
                    oldest = oldest == null || received.isBefore(oldest) ? received : oldest;
                }
            }
        }
        return new com.promptfloe.webhooks.monitoring.InboxCounts(pending, retrying, dead, oldest, clock.instant());
    }

    @Override
    public synchronized List<InboxEntry> claim(Set<String> endpoints, int max, Duration lease) {
        maybeFail();
        Instant now = clock.instant();
        List<InboxEntry> due = entries.values().stream()
                .filter(e -> endpoints.contains(e.endpoint()))
                .filter(e -> e.state() == InboxEntry.State.PENDING || e.state() == InboxEntry.State.CLAIMED)
                .filter(e -> !e.dueAt().isAfter(now))
                .sorted(Comparator.comparing(InboxEntry::dueAt))
                .limit(max)
                .toList();
        List<InboxEntry> claimed = new ArrayList<>();
        for (InboxEntry entry : due) {
            long token;
            do {
                token = ThreadLocalRandom.current().nextLong();
            } while (token == 0);
            InboxEntry mine = new InboxEntry(entry.delivery(), InboxEntry.State.CLAIMED, entry.attempts() + 1,
                    now.plus(lease), entry.lastError(), token);
            entries.put(key(entry.endpoint(), entry.deliveryId()), mine);
            claimed.add(mine);
        }
        return claimed;
    }

    @Override
    public synchronized boolean markDone(InboxEntry claimed) {
        return settle(claimed, InboxEntry.State.DONE, clock.instant(), null, false);
    }

    @Override
    public synchronized boolean markFailed(InboxEntry claimed, String error, Instant nextAttemptAt) {
        return settle(claimed, InboxEntry.State.PENDING, nextAttemptAt, error, true);
    }

    @Override
    public synchronized boolean markDead(InboxEntry claimed, String error) {
        return settle(claimed, InboxEntry.State.DEAD, clock.instant(), error, true);
    }

    private boolean settle(InboxEntry claimed, InboxEntry.State state, Instant dueAt, String error,
            boolean keepError) {
        DeliveryInbox.requireClaimed(claimed);
        maybeFail();
        String key = key(claimed.endpoint(), claimed.deliveryId());
        InboxEntry current = entries.get(key);
        if (current == null || current.state() != InboxEntry.State.CLAIMED || current.token() != claimed.token()) {
            return false;
        }
        entries.put(key, new InboxEntry(current.delivery(), state, current.attempts(), dueAt,
                keepError ? DeliveryInbox.clip(error) : current.lastError(), current.token()));
        return true;
    }

    @Override
    public synchronized List<InboxEntry> listDead(int max) {
        return list(InboxEntry.State.DEAD, max);
    }

    @Override
    public synchronized List<InboxEntry> list(InboxEntry.State state, int max) {
        maybeFail();
        return entries.values().stream().filter(e -> e.state() == state)
                .sorted(Comparator.comparing(InboxEntry::dueAt)).limit(max).toList();
    }

    @Override
    public synchronized boolean redrive(String endpoint, String deliveryId) {
        maybeFail();
        String key = key(endpoint, deliveryId);
        InboxEntry current = entries.get(key);
        if (current == null || current.state() != InboxEntry.State.DEAD) {
            return false;
        }
        entries.put(key, new InboxEntry(current.delivery(), InboxEntry.State.PENDING, 0, clock.instant(),
                current.lastError(), current.token()));
        return true;
    }

    @Override
    public synchronized Optional<InboxEntry> find(String endpoint, String deliveryId) {
        maybeFail();
        return Optional.ofNullable(entries.get(key(endpoint, deliveryId)));
    }
}
