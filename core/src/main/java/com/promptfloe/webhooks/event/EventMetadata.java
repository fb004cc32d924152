package com.promptfloe.webhooks.event;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The envelope of an event ({@code id}, {@code type}, {@code createdAt}, {@code workspaceId}) with
 * the delivery id it arrived under and its raw {@code data}.
 *
 * <p>Immutable. The raw data of a typed event is read from the delivered bytes the first time
 * {@link #data()} is called, so a receiver that never asks pays for one parse only.
 */
public final class EventMetadata {

    private final String id;
    private final String type;
    private final Instant createdAt;
    private final String workspaceId;
    private final String deliveryId;
    private final Supplier<JsonObject> dataSource;
    private volatile JsonObject data;

    private EventMetadata(String id, String type, Instant createdAt, String workspaceId, String deliveryId,
            JsonObject data, Supplier<JsonObject> dataSource) {
        this.id = Objects.requireNonNull(id, "id");
        this.type = Objects.requireNonNull(type, "type");
        this.createdAt = createdAt;
        this.workspaceId = workspaceId;
        this.deliveryId = deliveryId;
        this.data = data;
        this.dataSource = dataSource;
    }

    /**
     * Metadata with its data at hand, as tests and fixtures build it.
     *
     * @param id the event id
     * @param type the event type
     * @param createdAt when it was created, or {@code null}
     * @param workspaceId the workspace, or {@code null}
     * @param deliveryId the delivery id, or {@code null} outside a delivery
     * @param data the raw data object, or {@code null} for an empty one
     * @return the metadata
     */
    public static EventMetadata of(String id, String type, Instant createdAt, String workspaceId, String deliveryId,
            JsonObject data) {
        return new EventMetadata(id, type, createdAt, workspaceId, deliveryId,
                data == null ? JsonValue.EMPTY_JSON_OBJECT : data, null);
    }

    static EventMetadata lazy(String id, String type, Instant createdAt, String workspaceId, String deliveryId,
            byte[] body) {
        return new EventMetadata(id, type, createdAt, workspaceId, deliveryId, null, () -> dataOf(body));
    }

    private static JsonObject dataOf(byte[] body) {
        try (JsonReader reader = Json.createReader(new ByteArrayInputStream(body))) {
            JsonValue data = reader.readObject().get("data");
            return data instanceof JsonObject object ? object : JsonValue.EMPTY_JSON_OBJECT;
        }
    }

    /**
     * The event id ({@code evt_...}).
     *
     * @return the id
     */
    public String id() {
        return id;
    }

    /**
     * The event type, such as {@code deployment.live}.
     *
     * @return the type
     */
    public String type() {
        return type;
    }

    /**
     * When PromptFloe created the event.
     *
     * @return the instant, or {@code null}
     */
    public Instant createdAt() {
        return createdAt;
    }

    /**
     * The workspace the event belongs to.
     *
     * @return the workspace id, or {@code null}
     */
    public String workspaceId() {
        return workspaceId;
    }

    /**
     * The delivery id from {@code X-PromptFloe-Delivery}.
     *
     * @return the delivery id, or {@code null} outside a delivery
     */
    public String deliveryId() {
        return deliveryId;
    }

    /**
     * The raw {@code data} object.
     *
     * @return the data, empty when the envelope had none
     */
    public JsonObject data() {
        JsonObject result = data;
        if (result == null) {
            result = dataSource.get();
            data = result;
        }
        return result;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EventMetadata that && id.equals(that.id) && type.equals(that.type)
                && Objects.equals(createdAt, that.createdAt) && Objects.equals(workspaceId, that.workspaceId)
                && Objects.equals(deliveryId, that.deliveryId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, type, createdAt, workspaceId, deliveryId);
    }

    @Override
    public String toString() {
        return "EventMetadata[id=" + id + ", type=" + type + ", createdAt=" + createdAt + ", workspaceId="
                + workspaceId + ", deliveryId=" + deliveryId + "]";
    }
}
