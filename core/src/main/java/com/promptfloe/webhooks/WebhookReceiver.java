package com.promptfloe.webhooks;

import com.promptfloe.webhooks.event.EventParser;
import com.promptfloe.webhooks.event.MalformedEventException;
import com.promptfloe.webhooks.event.PromptFloeEvent;
import com.promptfloe.webhooks.ledger.CaffeineDeliveryLedger;
import com.promptfloe.webhooks.ledger.Claim;
import com.promptfloe.webhooks.ledger.DeliveryKey;
import com.promptfloe.webhooks.ledger.DeliveryLedger;
import com.promptfloe.webhooks.ledger.LedgerException;
import com.promptfloe.webhooks.internal.SignatureHeader;
import com.promptfloe.webhooks.monitoring.DeliveryListener;
import com.promptfloe.webhooks.monitoring.DeliveryObservation;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Receives PromptFloe deliveries in plain Java: verifies, deduplicates, dispatches and tells you
 * what to answer.
 *
 * <pre>{@code
 * WebhookReceiver receiver = WebhookReceiver.builder()
 *         .secret(Secret.of(System.getenv("PROMPTFLOE_WEBHOOKS_SECRET")))
 *         .handler(event -> {
 *             if (event instanceof DeploymentLive live) {
 *                 System.out.println("live at " + live.url());
 *             }
 *         })
 *         .build();
 *
 * ReceiveResult result = receiver.receive(request::getHeader, rawBodyBytes);
 * response.setStatus(result.httpStatus());
 * }</pre>
 *
 * <p>The steps, in order: the three PromptFloe headers must be present (400 naming the one missing);
 * the signature must match a secret within the tolerance (401); the body must be an envelope whose
 * {@code type} equals {@code X-PromptFloe-Event} (400); the delivery id and the signed event id must
 * both be new to the ledger (a done one answers 200 without processing, one in flight 409 with
 * {@code Retry-After}); then the handler runs, and the delivery is remembered as done (200) or, if
 * the handler threw, forgotten (500) so that PromptFloe's retry is processed. Thread-safe.
 */
public final class WebhookReceiver {

    /** PromptFloe retries a minute after a failed attempt at the earliest. */
    public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(60);
    /** The endpoint name that namespaces ledger keys when an application has only one endpoint. */
    public static final String DEFAULT_ENDPOINT = "default";
    /** Longest delivery id accepted, as a {@link DeliveryKey} takes it. */
    public static final int MAX_DELIVERY_ID_LENGTH = DeliveryKey.MAX_DELIVERY_ID_LENGTH;

    private static final System.Logger LOG = System.getLogger(WebhookReceiver.class.getName());
    private static final Pattern ENDPOINT_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private final SignatureVerifier verifier;
    private final EventParser parser;
    private final DeliveryLedger ledger;
    private final EventHandler handler;
    private final String endpoint;
    private final Duration retryAfter;
    private final DeliveryListener listener;
    private final Clock clock;

    private WebhookReceiver(Builder builder) {
        this.verifier = builder.verifier.build();
        this.parser = builder.parser != null ? builder.parser : EventParser.create();
        this.ledger = builder.ledger != null ? builder.ledger
                : CaffeineDeliveryLedger.builder().clock(builder.clock).build();
        this.handler = builder.handler;
        this.endpoint = builder.endpoint;
        this.retryAfter = builder.retryAfter;
        this.listener = builder.listener;
        this.clock = builder.clock;
    }

    /**
     * Starts a builder: at least one secret is required, and a handler unless only {@link #admit} is used.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The endpoint name this receiver namespaces its ledger keys with.
     *
     * @return the endpoint name
     */
    public String endpoint() {
        return endpoint;
    }

    /**
     * Runs the whole receive path for one request and dispatches the event to the handler.
     *
     * @param headers the request's headers
     * @param body the raw body, exactly as received
     * @return what to answer
     * @throws IllegalStateException when the receiver was built without a handler
     */
    @SuppressWarnings("try") // the handling is only held open around the handler, never read
    public ReceiveResult receive(HeaderLookup headers, byte[] body) {
        if (handler == null) {
            throw new IllegalStateException("this receiver has no handler: set one with handler(...), or use admit()");
        }
        Admission admission = admit(headers, body);
        if (!admission.admitted()) {
            return admission.result();
        }
        PromptFloeEvent event = admission.event();
        try (DeliveryObservation.Handling handling = admission.handling()) {
            handler.handle(event);
        } catch (Exception e) {
            LOG.log(Level.ERROR, "handler failed for PromptFloe delivery " + event.deliveryId() + " (" + event.type()
                    + " " + event.id() + "); answering 500 so PromptFloe retries", e);
            return admission.abandon(e);
        } catch (Error e) {
            admission.abandon(e);
            throw e;
        }
        return admission.complete();
    }

    /**
     * Runs the receive path up to and including dedupe and hands the event to the caller, who must
     * then {@link Admission#complete()} or {@link Admission#abandon(Throwable)} it.
     *
     * @param headers the request's headers
     * @param body the raw body, exactly as received
     * @return the admission
     */
    public Admission admit(HeaderLookup headers, byte[] body) {
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body");
        DeliveryObservation observation = observe();
        Admission admission = check(headers, body, observation);
        if (admission.admitted()) {
            admission = claim(admission.event());
        }
        return observed(admission, observation);
    }

    /** Listeners hear a refusal now, and an admitted delivery's end from the admission. */
    private static Admission observed(Admission admission, DeliveryObservation observation) {
        if (admission.admitted()) {
            return admission.observed(observation, System.nanoTime());
        }
        observation.refused(admission.result().detail());
        observation.finished(admission.result().outcome());
        return admission;
    }

    /**
     * Answers a request that the HTTP layer refused before the receive path (not a POST, not JSON,
     * a body over the limit), so that listeners count it like every other answer.
     *
     * @param outcome what became of it
     * @param detail a sentence for the log, naming what was wrong
     * @return the result to answer
     */
    public ReceiveResult refuse(Outcome outcome, String detail) {
        ReceiveResult result = ReceiveResult.of(outcome, detail);
        DeliveryObservation observation = observe();
        observation.refused(detail);
        observation.finished(outcome);
        return result;
    }

    private DeliveryObservation observe() {
        try {
            DeliveryObservation observation = listener.received(endpoint);
            return observation != null ? observation : DeliveryObservation.NONE;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "a PromptFloe DeliveryListener failed; ignored", e);
            return DeliveryObservation.NONE;
        }
    }

    private void signatureAge(DeliveryObservation observation, long timestamp) {
        observation.signatureAge(Duration.between(Instant.ofEpochSecond(timestamp), clock.instant()));
    }

    private Admission check(HeaderLookup headers, byte[] body, DeliveryObservation observation) {
        observation.arrived(headers);
        String signature = headers.header(WebhookHeaders.SIGNATURE);
        String deliveryId = headers.header(WebhookHeaders.DELIVERY);
        String eventType = headers.header(WebhookHeaders.EVENT);
        for (String[] header : new String[][] {{WebhookHeaders.SIGNATURE, signature},
                {WebhookHeaders.DELIVERY, deliveryId}, {WebhookHeaders.EVENT, eventType}}) {
            if (header[1] == null) {
                return reject(Outcome.MISSING_HEADER, "missing header " + header[0]);
            }
        }
        if (deliveryId.isBlank() || deliveryId.length() > MAX_DELIVERY_ID_LENGTH) {
            return reject(Outcome.INVALID_HEADER, WebhookHeaders.DELIVERY + " must be 1 to " + MAX_DELIVERY_ID_LENGTH
                    + " characters, not blank; it is " + deliveryId.length());
        }
        try {
            signatureAge(observation, verifier.verify(signature, body));
        } catch (VerificationException e) {
            if (e.reason() == VerificationException.Reason.OUTSIDE_TOLERANCE) {
                try {
                    signatureAge(observation, SignatureHeader.parse(signature).timestamp());
                } catch (VerificationException unreadable) {
                    // it was read a moment ago
                }
            }
            Outcome outcome = switch (e.reason()) {
                case MISSING -> Outcome.MISSING_HEADER;
                case MALFORMED -> Outcome.SIGNATURE_MALFORMED;
                case OUTSIDE_TOLERANCE -> Outcome.SIGNATURE_OUTSIDE_TOLERANCE;
                case NO_MATCHING_SIGNATURE -> Outcome.SIGNATURE_MISMATCH;
            };
            LOG.log(Level.WARNING, "refused PromptFloe delivery " + deliveryId + " on endpoint " + endpoint + ": "
                    + e.getMessage());
            return Admission.rejected(ReceiveResult.of(outcome, e.getMessage()));
        }
        PromptFloeEvent event;
        try {
            event = parser.parse(body, deliveryId, eventType);
        } catch (MalformedEventException e) {
            return reject(Outcome.MALFORMED_PAYLOAD, e.getMessage());
        }
        observation.event(event);
        observation.payload(body);
        if (!event.type().equals(eventType)) {
            return reject(Outcome.TYPE_MISMATCH, "the body's type '" + event.type() + "' is not the '" + eventType
                    + "' that " + WebhookHeaders.EVENT + " names");
        }
        return Admission.unrecorded(event, retryAfter);
    }

    /**
     * Runs the receive path up to, not including, dedupe: for adapters whose own store refuses a known
     * delivery id and a known event id atomically (the durable inbox), so that the ledger's writes
     * are not paid twice. The admission's {@link Admission#complete()} and
     * {@link Admission#abandon(Throwable)} then change no ledger.
     *
     * @param headers the request's headers
     * @param body the raw body, exactly as received
     * @return the admission, admitted whenever the request is verified and well-formed
     */
    public Admission verify(HeaderLookup headers, byte[] body) {
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body");
        DeliveryObservation observation = observe();
        return observed(check(headers, body, observation), observation);
    }

    private Admission claim(PromptFloeEvent event) {
        DeliveryKey key;
        try {
            key = new DeliveryKey(endpoint, event.deliveryId(), event.id(), event.type());
        } catch (IllegalArgumentException e) {
            return reject(Outcome.MALFORMED_PAYLOAD, e.getMessage());
        }
        try {
            // The delivery header is not signed: a captured request replayed under a forged delivery id
            // carries the same signed event id, so the ledger claims both ids at once.
            Claim claim = ledger.begin(key);
            if (!claim.isNew()) {
                return duplicate(event, claim);
            }
            return Admission.admitted(event, ledger, claim, retryAfter);
        } catch (LedgerException e) {
            LOG.log(Level.WARNING, "PromptFloe delivery ledger unavailable; answering 503 so PromptFloe retries", e);
            return Admission.rejected(new ReceiveResult(Outcome.LEDGER_UNAVAILABLE, "the delivery ledger could not "
                    + "be reached: " + e.getMessage(), event, retryAfter));
        }
    }

    private Admission duplicate(PromptFloeEvent event, Claim claim) {
        String what = "delivery " + event.deliveryId() + " (event " + event.id() + ")";
        if (claim.state() == Claim.State.DONE) {
            LOG.log(Level.DEBUG, () -> "PromptFloe " + what + " was processed already; acknowledging again");
            return Admission.rejected(new ReceiveResult(Outcome.DUPLICATE, what + " was processed already", event,
                    null));
        }
        return Admission.rejected(new ReceiveResult(Outcome.IN_FLIGHT, what + " is being processed by another "
                + "attempt; retry later", event, retryAfter));
    }

    private static Admission reject(Outcome outcome, String detail) {
        LOG.log(Level.WARNING, () -> "refused PromptFloe delivery: " + detail);
        return Admission.rejected(ReceiveResult.of(outcome, detail));
    }

    /** Builds a {@link WebhookReceiver}; each setting is checked at once. */
    public static final class Builder {
        private final SignatureVerifier.Builder verifier = SignatureVerifier.builder();
        private final List<Secret> secrets = new ArrayList<>();
        private Clock clock = Clock.systemUTC();
        private EventParser parser;
        private DeliveryLedger ledger;
        private EventHandler handler;
        private String endpoint = DEFAULT_ENDPOINT;
        private Duration retryAfter = DEFAULT_RETRY_AFTER;
        private DeliveryListener listener = DeliveryListener.NONE;

        private Builder() {
        }

        /**
         * Hears what becomes of each delivery, for metrics and traces; default none.
         *
         * @param listener the listener; {@link DeliveryListener#of} combines several
         * @return this builder
         */
        public Builder listener(DeliveryListener listener) {
            this.listener = DeliveryListener.of(java.util.List.of(Objects.requireNonNull(listener, "listener")));
            return this;
        }

        /**
         * Adds a secret; add the old and the new one during a rotation.
         *
         * @param secret the secret
         * @return this builder
         */
        public Builder secret(Secret secret) {
            secrets.add(Objects.requireNonNull(secret, "secret"));
            verifier.secret(secret);
            return this;
        }

        /**
         * Adds secrets.
         *
         * @param all the secrets
         * @return this builder
         */
        public Builder secrets(Collection<Secret> all) {
            all.forEach(this::secret);
            return this;
        }

        /**
         * How far a signature's timestamp may be from the clock, either way; default 5 minutes.
         *
         * @param tolerance at least one second
         * @return this builder
         */
        public Builder tolerance(Duration tolerance) {
            verifier.tolerance(tolerance);
            return this;
        }

        /**
         * The clock for signature timestamps and the default ledger.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            verifier.clock(clock);
            return this;
        }

        /**
         * Where deliveries are remembered; default a {@link CaffeineDeliveryLedger} with its defaults.
         *
         * @param ledger the ledger
         * @return this builder
         */
        public Builder ledger(DeliveryLedger ledger) {
            this.ledger = Objects.requireNonNull(ledger, "ledger");
            return this;
        }

        /**
         * The parser to share, instead of a new one per receiver.
         *
         * @param parser the parser
         * @return this builder
         */
        public Builder parser(EventParser parser) {
            this.parser = Objects.requireNonNull(parser, "parser");
            return this;
        }

        /**
         * What processes each new event.
         *
         * @param handler the handler
         * @return this builder
         */
        public Builder handler(EventHandler handler) {
            this.handler = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /**
         * Names the endpoint, so that several endpoints can share one ledger without mixing their keys.
         *
         * @param name letters, digits, {@code _ . -}, at most 64
         * @return this builder
         */
        public Builder endpoint(String name) {
            if (name == null || !ENDPOINT_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("endpoint name must be 1 to 64 letters, digits, '_', '.' or '-': '"
                        + name + "'");
            }
            this.endpoint = name;
            return this;
        }

        /**
         * The {@code Retry-After} sent with 409 and 503; default 60 seconds.
         *
         * @param retryAfter at least one second
         * @return this builder
         */
        public Builder retryAfter(Duration retryAfter) {
            Objects.requireNonNull(retryAfter, "retryAfter");
            if (retryAfter.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("retry-after must be at least one second: " + retryAfter);
            }
            this.retryAfter = retryAfter;
            return this;
        }

        /**
         * Builds the receiver.
         *
         * @return the receiver
         * @throws IllegalStateException when no secret was given
         */
        public WebhookReceiver build() {
            return new WebhookReceiver(this);
        }
    }
}
