package com.promptfloe.webhooks.event;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The thirteen event types PromptFloe documents, each with its wire name and Java type.
 *
 * <pre>{@code
 * EventType.fromWireName("deployment.live").map(EventType::eventClass); // DeploymentLive.class
 * }</pre>
 */
public enum EventType {
    /** {@code app.generated}. */
    APP_GENERATED("app.generated", AppGenerated.class),
    /** {@code app.failed}. */
    APP_FAILED("app.failed", AppFailed.class),
    /** {@code app.updated}. */
    APP_UPDATED("app.updated", AppUpdated.class),
    /** {@code skill.completed}. */
    SKILL_COMPLETED("skill.completed", SkillCompleted.class),
    /** {@code skill.failed}. */
    SKILL_FAILED("skill.failed", SkillFailed.class),
    /** {@code augmenter.applied}. */
    AUGMENTER_APPLIED("augmenter.applied", AugmenterApplied.class),
    /** {@code deployment.queued}. */
    DEPLOYMENT_QUEUED("deployment.queued", DeploymentQueued.class),
    /** {@code deployment.building}. */
    DEPLOYMENT_BUILDING("deployment.building", DeploymentBuilding.class),
    /** {@code deployment.live}. */
    DEPLOYMENT_LIVE("deployment.live", DeploymentLive.class),
    /** {@code deployment.failed}. */
    DEPLOYMENT_FAILED("deployment.failed", DeploymentFailed.class),
    /** {@code subscription.updated}. */
    SUBSCRIPTION_UPDATED("subscription.updated", SubscriptionUpdated.class),
    /** {@code payment.succeeded}. */
    PAYMENT_SUCCEEDED("payment.succeeded", PaymentSucceeded.class),
    /** {@code payment.failed}. */
    PAYMENT_FAILED("payment.failed", PaymentFailed.class);

    private static final Map<String, EventType> BY_WIRE_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(EventType::wireName, Function.identity()));

    private final String wireName;
    private final Class<? extends PromptFloeEvent> eventClass;

    EventType(String wireName, Class<? extends PromptFloeEvent> eventClass) {
        this.wireName = wireName;
        this.eventClass = eventClass;
    }

    /**
     * The type as PromptFloe writes it in {@code type} and {@code X-PromptFloe-Event}.
     *
     * @return the wire name, such as {@code deployment.live}
     */
    public String wireName() {
        return wireName;
    }

    /**
     * The record this type is delivered as.
     *
     * @return the event class
     */
    public Class<? extends PromptFloeEvent> eventClass() {
        return eventClass;
    }

    /**
     * Looks a type up by its wire name.
     *
     * @param wireName such as {@code deployment.live}
     * @return the type, or empty for a type this library does not know
     */
    public static Optional<EventType> fromWireName(String wireName) {
        return Optional.ofNullable(wireName == null ? null : BY_WIRE_NAME.get(wireName));
    }
}
