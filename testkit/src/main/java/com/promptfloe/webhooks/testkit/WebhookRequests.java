package com.promptfloe.webhooks.testkit;

import com.promptfloe.webhooks.Secret;
import com.promptfloe.webhooks.Signer;
import com.promptfloe.webhooks.event.EventType;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Make signed requests for your test secret and clock: {@code requests.request(envelope).build()}.
 *
 * <pre>{@code
 * WebhookRequests requests = WebhookRequests.create(clock, Secret.of("whsec_test"));
 * SignedRequest request = requests.request(Fixtures.envelope(EventType.DEPLOYMENT_LIVE)).build();
 * SignedRequest stale = requests.request(EventType.APP_GENERATED).signedAgo(Duration.ofMinutes(6)).build();
 * }</pre>
 *
 * <p>{@link PromptFloeExtension} injects one configured with the test's secret and its
 * {@link MutableClock}. Immutable and thread-safe.
 */
public final class WebhookRequests {

    private final Clock clock;
    private final List<Secret> secrets;

    private WebhookRequests(Clock clock, List<Secret> secrets) {
        this.clock = clock;
        this.secrets = secrets;
    }

    /**
     * Requests signed with {@code secrets} (one {@code v1} each) at {@code clock}'s time.
     *
     * @param clock where each signature's {@code t} comes from
     * @param secrets at least one secret
     * @return the factory
     */
    public static WebhookRequests create(Clock clock, Secret... secrets) {
        return create(clock, List.of(secrets));
    }

    /**
     * Requests signed with {@code secrets} (one {@code v1} each) at {@code clock}'s time.
     *
     * @param clock where each signature's {@code t} comes from
     * @param secrets at least one secret
     * @return the factory
     */
    public static WebhookRequests create(Clock clock, List<Secret> secrets) {
        Objects.requireNonNull(clock, "clock");
        if (secrets == null || secrets.isEmpty()) {
            throw new IllegalArgumentException("signed requests need at least one secret");
        }
        return new WebhookRequests(clock, List.copyOf(secrets));
    }

    /**
     * The clock signatures are made with.
     *
     * @return the clock
     */
    public Clock clock() {
        return clock;
    }

    /**
     * The secrets requests are signed with.
     *
     * @return an unmodifiable list
     */
    public List<Secret> secrets() {
        return secrets;
    }

    /**
     * Core's signer for these secrets.
     *
     * @return the signer
     */
    public Signer signer() {
        return Signer.of(secrets.toArray(Secret[]::new));
    }

    /**
     * An {@code X-PromptFloe-Signature} value for a body, signed at the clock's current instant.
     *
     * @param body the exact bytes
     * @return the header value
     */
    public String signature(byte[] body) {
        return signer().header(clock.instant(), body);
    }

    /**
     * A request for an envelope (its bytes as they are now).
     *
     * @param envelope the envelope
     * @return a builder to shape the request further
     */
    public SignedRequest.Builder request(Envelope envelope) {
        return request(envelope.toBytes());
    }

    /**
     * A request for the sample of {@code type}, with a new event id and {@code createdAt} from the clock.
     *
     * @param type the event type
     * @return a builder to shape the request further
     */
    public SignedRequest.Builder request(EventType type) {
        return request(Fixtures.withClock(clock).fresh(type));
    }

    /**
     * A request for raw bytes, sent exactly as given.
     *
     * @param body the body
     * @return a builder to shape the request further
     */
    public SignedRequest.Builder request(byte[] body) {
        return SignedRequest.builder(body, clock, secrets);
    }

    /**
     * A request for a UTF-8 body.
     *
     * @param body the body
     * @return a builder to shape the request further
     */
    public SignedRequest.Builder request(String body) {
        return request(body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The signing instant right now, for assertions.
     *
     * @return the clock's instant
     */
    public Instant now() {
        return clock.instant();
    }
}
