package com.promptfloe.webhooks.event;

import jakarta.json.JsonObject;
import java.time.Instant;

/**
 * Any PromptFloe event; observe this type to receive every delivery, whatever its type.
 *
 * <pre>{@code
 * void onAny(@Observes PromptFloeEvent event) {
 *     log.info(event.type() + " " + event.id() + " via " + event.deliveryId());
 * }
 * }</pre>
 *
 * <p>Each documented type has its own record ({@link DeploymentLive}, {@link AppGenerated}, ...);
 * a type PromptFloe adds later arrives as {@link UnknownEvent}. {@link #data()} always has the raw
 * {@code data} object, for fields this library does not model yet.
 */
public sealed interface PromptFloeEvent permits AppGenerated, AppFailed, AppUpdated, SkillCompleted, SkillFailed,
        AugmenterApplied, DeploymentQueued, DeploymentBuilding, DeploymentLive, DeploymentFailed, SubscriptionUpdated,
        PaymentSucceeded, PaymentFailed, UnknownEvent {

    /**
     * The envelope and delivery details this event arrived with.
     *
     * @return the metadata
     */
    EventMetadata metadata();

    /**
     * The event id ({@code evt_...}), the same in every delivery of this event.
     *
     * @return the id
     */
    default String id() {
        return metadata().id();
    }

    /**
     * The event type as PromptFloe names it, such as {@code deployment.live}.
     *
     * @return the type
     */
    default String type() {
        return metadata().type();
    }

    /**
     * When PromptFloe created the event.
     *
     * @return the instant, or {@code null} when the envelope had none
     */
    default Instant createdAt() {
        return metadata().createdAt();
    }

    /**
     * The workspace the event belongs to.
     *
     * @return the workspace id, or {@code null} when the envelope had none
     */
    default String workspaceId() {
        return metadata().workspaceId();
    }

    /**
     * The delivery id from {@code X-PromptFloe-Delivery}.
     *
     * @return the delivery id
     */
    default String deliveryId() {
        return metadata().deliveryId();
    }

    /**
     * The raw {@code data} object, including fields the typed record does not have.
     *
     * @return the data object, empty when the envelope had none
     */
    default JsonObject data() {
        return metadata().data();
    }
}
