package com.promptfloe.webhooks.jakarta.internal.console;

import com.promptfloe.webhooks.inbox.DeliveryInbox;
import com.promptfloe.webhooks.inbox.InboxEntry;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bulk re-drives, run in the background: the server's managed executor when it has one, else a
 * thread of their own. Jobs are kept on the node that runs them (the latest {@link #KEPT}).
 */
final class RedriveJobs {

    /** The most dead entries one bulk re-drive takes. */
    static final int CAP = 1000;
    /** How many jobs are remembered. */
    static final int KEPT = 50;

    private static final System.Logger LOG = System.getLogger(RedriveJobs.class.getName());

    /** One bulk re-drive and its progress. */
    static final class Job {
        final String id;
        final String user;
        final String endpoint;
        final String type;
        final Instant startedAt;
        final AtomicInteger total = new AtomicInteger(-1);
        final AtomicInteger done = new AtomicInteger();
        final AtomicInteger redriven = new AtomicInteger();
        volatile String state = "queued";
        volatile String error;
        volatile Instant finishedAt;

        Job(String id, String user, String endpoint, String type, Instant startedAt) {
            this.id = id;
            this.user = user;
            this.endpoint = endpoint;
            this.type = type;
            this.startedAt = startedAt;
        }

        boolean finished() {
            return finishedAt != null;
        }
    }

    private final Executor executor;
    private final Clock clock;
    private final Map<String, Job> jobs = new LinkedHashMap<>();

    RedriveJobs(Executor executor, Clock clock) {
        this.executor = executor;
        this.clock = clock;
    }

    /**
     * Starts re-driving the dead entries that match, {@link #CAP} at most.
     *
     * @param inbox the inbox
     * @param user who asked
     * @param endpoint only this endpoint's entries, or {@code null}
     * @param type only this event type, or {@code null}
     * @return the job
     */
    Job start(DeliveryInbox inbox, String user, String endpoint, String type) {
        Job job = new Job(UUID.randomUUID().toString(), user, endpoint, type, clock.instant());
        synchronized (jobs) {
            jobs.put(job.id, job);
            if (jobs.size() > KEPT) {
                jobs.remove(jobs.keySet().iterator().next());
            }
        }
        executor.execute(() -> run(inbox, job));
        return job;
    }

    Optional<Job> find(String id) {
        synchronized (jobs) {
            return Optional.ofNullable(jobs.get(id));
        }
    }

    private void run(DeliveryInbox inbox, Job job) {
        job.state = "running";
        try {
            List<InboxEntry> dead = inbox.list(InboxEntry.State.DEAD, CAP).stream()
                    .filter(e -> job.endpoint == null || job.endpoint.equals(e.endpoint()))
                    .filter(e -> job.type == null || job.type.equals(e.delivery().type()))
                    .toList();
            job.total.set(dead.size());
            for (InboxEntry entry : dead) {
                if (inbox.redrive(entry.endpoint(), entry.deliveryId())) {
                    job.redriven.incrementAndGet();
                }
                job.done.incrementAndGet();
            }
            job.state = "done";
        } catch (RuntimeException e) {
            job.error = e.toString();
            job.state = "failed";
            LOG.log(Level.WARNING, "PromptFloe console: bulk re-drive " + job.id + " failed after " + job.done.get()
                    + " entries: " + e, e);
        } finally {
            job.finishedAt = clock.instant();
        }
        LOG.log(Level.INFO, "PromptFloe console: " + job.user + " re-drove " + job.redriven.get() + " of "
                + job.total.get() + " dead entries (job " + job.id + ")");
    }
}
