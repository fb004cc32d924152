package com.promptfloe.webhooks.testkit;

import com.promptfloe.webhooks.event.EventType;
import com.promptfloe.webhooks.event.PromptFloeEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Arrays;
import java.util.Objects;

/**
 * Start from a realistic sample of any PromptFloe event: {@code Fixtures.envelope(EventType.DEPLOYMENT_LIVE)}.
 *
 * <pre>{@code
 * byte[] body = Fixtures.envelope(EventType.APP_GENERATED).withData("appId", "app_mine").toBytes();
 * byte[] future = Fixtures.unknownType("thing.happened").toBytes();
 * }</pre>
 *
 * <p>Every documented type has a sample with every documented {@code data} field; the types
 * PromptFloe documents without fields get plausible ones. The samples are JSON resources under
 * {@code com/promptfloe/webhooks/testkit/fixtures/<type>.json} and have fixed ids and timestamps.
 * The instance methods, on the {@code Fixtures} that {@link PromptFloeExtension} injects, give each
 * sample a new id and the injected clock's time instead, so that two deliveries of one type are two
 * events to a receiver.
 */
public final class Fixtures {

    private static final String RESOURCE_DIRECTORY = "fixtures/";

    private final Clock clock;

    private Fixtures(Clock clock) {
        this.clock = clock;
    }

    /**
     * Fixtures whose {@link #fresh} samples are stamped with {@code clock}.
     *
     * @param clock the clock for {@code createdAt}
     * @return the fixtures
     */
    public static Fixtures withClock(Clock clock) {
        return new Fixtures(Objects.requireNonNull(clock, "clock"));
    }

    /**
     * The sample of a documented type, exactly as stored: fixed id, {@code createdAt} and workspace.
     *
     * @param type the event type
     * @return a new editable envelope
     */
    public static Envelope envelope(EventType type) {
        Objects.requireNonNull(type, "type");
        String resource = RESOURCE_DIRECTORY + type.wireName() + ".json";
        try (InputStream in = Fixtures.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the test kit has no fixture " + resource + " on its class path");
            }
            return Envelope.parse(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("could not read fixture " + resource, e);
        }
    }

    /**
     * A sample of a type this library does not know, as PromptFloe may add one tomorrow.
     *
     * @param type the wire type, such as {@code thing.happened}
     * @return a new editable envelope with plausible data
     */
    public static Envelope unknownType(String type) {
        Objects.requireNonNull(type, "type");
        return envelope(EventType.APP_GENERATED)
                .id("evt_01JSQ8CN9Z1B3D5F7H9K1M3P5S")
                .type(type)
                .data(jakarta.json.Json.createObjectBuilder()
                        .add("thingId", "thing_2c4e6g8j")
                        .add("note", "a type PromptFloe added after this library was written")
                        .add("count", 3)
                        .build());
    }

    /**
     * The sample of {@code type} with a new random id and {@code createdAt} from this instance's clock.
     *
     * @param type the event type
     * @return a new editable envelope
     */
    public Envelope fresh(EventType type) {
        return envelope(type).freshId().createdAt(clock.instant());
    }

    /**
     * A fresh sample as the typed event a receiver dispatches, to call an observer with directly.
     *
     * <pre>{@code
     * DeploymentLive live = fixtures.event(DeploymentLive.class);
     * notifier.onLive(live);
     * }</pre>
     *
     * @param <T> the event type
     * @param eventClass one of the thirteen documented event classes
     * @return the event, with a new id, the clock's time and delivery id {@code deliv_fixture}
     * @throws IllegalArgumentException for {@code UnknownEvent} or the common supertype; use
     *     {@link #freshUnknown(String)} and {@link Envelope#toEvent(String)}
     */
    public <T extends PromptFloeEvent> T event(Class<T> eventClass) {
        EventType type = Arrays.stream(EventType.values()).filter(t -> t.eventClass() == eventClass).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(eventClass.getName()
                        + " is not one of the documented event types: use freshUnknown(type).toEvent(deliveryId)"));
        return eventClass.cast(fresh(type).toEvent("deliv_fixture"));
    }

    /**
     * {@link #unknownType(String)} with a new random id and {@code createdAt} from this instance's clock.
     *
     * @param type the wire type
     * @return a new editable envelope
     */
    public Envelope freshUnknown(String type) {
        return unknownType(type).freshId().createdAt(clock.instant());
    }
}
