package com.promptfloe.webhooks.journal;

import com.promptfloe.webhooks.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What the journal keeps of one request that reached an endpoint's receive path, or of one attempt
 * the inbox worker made: the row of the console's delivery list.
 *
 * <p>Nothing unverified is kept beyond the headers that name the delivery: a refused request has no
 * event id and no payload, and the signature's value is never kept.
 *
 * @param id identifies the record among all the journal's records (a random UUID)
 * @param endpoint the endpoint name
 * @param at when the request arrived, or when the inbox attempt started
 * @param source a request, or an inbox attempt
 * @param deliveryId the {@code X-PromptFloe-Delivery} header (as sent, also when refused), or {@code null} when missing
 * @param eventId the signed event id, or {@code null} unless the body was verified and parsed
 * @param eventType the event type: the signed one once parsed, else the {@code X-PromptFloe-Event} header, or {@code null}
 * @param outcome what became of it: the answer PromptFloe got, or for an inbox attempt
 *        {@link Outcome#PROCESSED} or {@link Outcome#HANDLER_FAILED}
 * @param handlerDuration how long the observers ran, or {@code null} when they did not run
 * @param attempt for a request: the how-many-th request with this delivery id the journal holds for
 *        the endpoint, counted by {@link DeliveryJournal#append} (0 before that); for an inbox
 *        attempt: the inbox's attempt number
 * @param detail why it was refused or failed, a sentence for a person; {@code null} when it went well
 * @param failure what the observers threw, or {@code null}
 * @param headers the PromptFloe headers as received, the signature's value replaced; empty for an inbox attempt
 * @param payload the verified body as text, kept only when {@code journal.payloads} is on; else {@code null}
 */
public record JournalRecord(String id, String endpoint, Instant at, Source source, String deliveryId,
        String eventId, String eventType, Outcome outcome, Duration handlerDuration, int attempt, String detail,
        Failure failure, Map<String, String> headers, String payload) {

    /** Where a record comes from. */
    public enum Source {
        /** A request PromptFloe sent to the endpoint. */
        REQUEST,
        /** An attempt of the inbox worker to process a stored delivery. */
        INBOX
    }

    /**
     * What an observer threw.
     *
     * @param type the exception's class name
     * @param message its message, or {@code null}
     * @param stackTrace its stack trace as {@code printStackTrace} writes it, causes included, cut at
     *        {@link #MAX_STACK_TRACE_LENGTH} characters
     */
    public record Failure(String type, String message, String stackTrace) {

        /** Stack traces longer than this are cut. */
        public static final int MAX_STACK_TRACE_LENGTH = 16_000;

        /**
         * Checks the parts.
         *
         * @param type the class name
         * @param message the message or {@code null}
         * @param stackTrace the stack trace
         */
        public Failure {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(stackTrace, "stackTrace");
        }

        /**
         * Describes a throwable.
         *
         * @param thrown what was thrown
         * @return its failure, the stack trace cut at {@link #MAX_STACK_TRACE_LENGTH}
         */
        public static Failure of(Throwable thrown) {
            java.io.StringWriter trace = new java.io.StringWriter();
            thrown.printStackTrace(new java.io.PrintWriter(trace));
            String text = trace.toString();
            if (text.length() > MAX_STACK_TRACE_LENGTH) {
                text = text.substring(0, MAX_STACK_TRACE_LENGTH) + "\n\t... (cut)";
            }
            return new Failure(thrown.getClass().getName(), thrown.getMessage(), text);
        }

        /**
         * One line for lists: the class name and the message.
         *
         * @return for example {@code java.lang.IllegalStateException: no such order}
         */
        public String summary() {
            return message == null ? type : type + ": " + message;
        }
    }

    /**
     * Checks the parts.
     *
     * @param id the id
     * @param endpoint the endpoint
     * @param at the time
     * @param source the source
     * @param deliveryId the delivery id or {@code null}
     * @param eventId the event id or {@code null}
     * @param eventType the event type or {@code null}
     * @param outcome the outcome
     * @param handlerDuration the handler's duration or {@code null}
     * @param attempt the attempt, not negative
     * @param detail the detail or {@code null}
     * @param failure the failure or {@code null}
     * @param headers the headers, copied
     * @param payload the payload or {@code null}
     */
    public JournalRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(outcome, "outcome");
        if (attempt < 0) {
            throw new IllegalArgumentException("attempt must not be negative: " + attempt);
        }
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    /**
     * The HTTP status PromptFloe got.
     *
     * @return the status, or 0 for an inbox attempt, which answers nobody
     */
    public int httpStatus() {
        return source == Source.REQUEST ? outcome.httpStatus() : 0;
    }

    /**
     * The same record with another attempt number: what a journal does on {@link DeliveryJournal#append}.
     *
     * @param number the attempt number
     * @return the record
     */
    public JournalRecord withAttempt(int number) {
        return new JournalRecord(id, endpoint, at, source, deliveryId, eventId, eventType, outcome, handlerDuration,
                number, detail, failure, headers, payload);
    }
}
