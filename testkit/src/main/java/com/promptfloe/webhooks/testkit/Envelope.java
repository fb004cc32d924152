package com.promptfloe.webhooks.testkit;

import com.promptfloe.webhooks.event.EventParser;
import com.promptfloe.webhooks.event.MalformedEventException;
import com.promptfloe.webhooks.event.PromptFloeEvent;
import com.promptfloe.webhooks.testkit.internal.Ids;
import com.promptfloe.webhooks.testkit.internal.JsonText;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Change a sample event before sending it: {@code Fixtures.envelope(DEPLOYMENT_LIVE).withData("url", ...)}.
 *
 * <pre>{@code
 * byte[] body = Fixtures.envelope(EventType.DEPLOYMENT_LIVE)
 *         .id("evt_mine")
 *         .withData("url", "https://my-site.netlify.app")
 *         .createdAt(Instant.parse("2026-04-26T12:00:00Z"))
 *         .toBytes();
 * }</pre>
 *
 * <p>An envelope is a mutable builder (not thread-safe): {@link #copy()} it to derive variants.
 * Member order is kept, and {@link #toBytes()} writes compact JSON, as PromptFloe sends it.
 * {@link #withField} and {@link #withoutField} edit the envelope itself, to build malformed ones.
 */
public final class Envelope {

    private final Map<String, JsonValue> fields;
    private final Map<String, JsonValue> data;

    private Envelope(Map<String, JsonValue> fields, Map<String, JsonValue> data) {
        this.fields = fields;
        this.data = data;
    }

    /**
     * Reads an envelope from JSON, for example a body captured from a real delivery.
     *
     * @param json a JSON object; {@code data} may be absent
     * @return an editable envelope
     * @throws IllegalArgumentException when the bytes are not a JSON object or {@code data} is not an object
     */
    public static Envelope parse(byte[] json) {
        JsonObject object = JsonText.readObject(Objects.requireNonNull(json, "json"));
        Map<String, JsonValue> fields = new LinkedHashMap<>(object);
        Map<String, JsonValue> data = null;
        JsonValue rawData = fields.get("data");
        if (rawData instanceof JsonObject dataObject) {
            data = new LinkedHashMap<>(dataObject);
        } else if (rawData != null && rawData != JsonValue.NULL) {
            throw new IllegalArgumentException("the envelope's \"data\" must be an object, not " + rawData.getValueType());
        }
        return new Envelope(fields, data == null ? new LinkedHashMap<>() : data);
    }

    /**
     * Reads an envelope from JSON text.
     *
     * @param json a JSON object
     * @return an editable envelope
     */
    public static Envelope parse(String json) {
        return parse(json.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A new envelope with the four envelope fields and empty data.
     *
     * @param type the wire type, such as {@code deployment.live}
     * @return the envelope, with a random id, the current time and workspace {@code ws_test}
     */
    public static Envelope of(String type) {
        Envelope envelope = new Envelope(new LinkedHashMap<>(), new LinkedHashMap<>());
        envelope.freshId().type(type).createdAt(Instant.now()).workspaceId("ws_test");
        envelope.fields.put("data", JsonValue.EMPTY_JSON_OBJECT);
        return envelope;
    }

    /**
     * Sets the event id.
     *
     * @param id such as {@code evt_123}
     * @return this envelope
     */
    public Envelope id(String id) {
        return withField("id", Json.createValue(Objects.requireNonNull(id, "id")));
    }

    /**
     * Gives the event a new random id, so that a receiver does not take it for one it has seen:
     * receivers deduplicate on the signed event id as well as on the delivery id.
     *
     * @return this envelope
     */
    public Envelope freshId() {
        return id(Ids.next("evt_"));
    }

    /**
     * Sets the type; the request builder sends the same value as {@code X-PromptFloe-Event} unless told otherwise.
     *
     * @param type the wire type
     * @return this envelope
     */
    public Envelope type(String type) {
        return withField("type", Json.createValue(Objects.requireNonNull(type, "type")));
    }

    /**
     * Sets {@code createdAt}, written as ISO-8601 UTC.
     *
     * @param createdAt the instant
     * @return this envelope
     */
    public Envelope createdAt(Instant createdAt) {
        return withField("createdAt", Json.createValue(Objects.requireNonNull(createdAt, "createdAt").toString()));
    }

    /**
     * Sets the workspace id.
     *
     * @param workspaceId such as {@code ws_123}
     * @return this envelope
     */
    public Envelope workspaceId(String workspaceId) {
        return withField("workspaceId", Json.createValue(Objects.requireNonNull(workspaceId, "workspaceId")));
    }

    /**
     * Sets a string field of {@code data}.
     *
     * @param name the field
     * @param value the value
     * @return this envelope
     */
    public Envelope withData(String name, String value) {
        return withData(name, value == null ? JsonValue.NULL : Json.createValue(value));
    }

    /**
     * Sets a number field of {@code data}.
     *
     * @param name the field
     * @param value the value
     * @return this envelope
     */
    public Envelope withData(String name, long value) {
        return withData(name, Json.createValue(value));
    }

    /**
     * Sets a boolean field of {@code data}.
     *
     * @param name the field
     * @param value the value
     * @return this envelope
     */
    public Envelope withData(String name, boolean value) {
        return withData(name, value ? JsonValue.TRUE : JsonValue.FALSE);
    }

    /**
     * Sets a field of {@code data} to any JSON value, such as an array built with {@code Json.createArrayBuilder()}.
     *
     * @param name the field
     * @param value the value
     * @return this envelope
     */
    public Envelope withData(String name, JsonValue value) {
        data.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return this;
    }

    /**
     * Removes a field of {@code data}, to see how a receiver copes with it missing.
     *
     * @param name the field
     * @return this envelope
     */
    public Envelope withoutData(String name) {
        data.remove(name);
        return this;
    }

    /**
     * Replaces the whole {@code data} object.
     *
     * @param newData the new data
     * @return this envelope
     */
    public Envelope data(JsonObject newData) {
        data.clear();
        data.putAll(Objects.requireNonNull(newData, "data"));
        return this;
    }

    /**
     * Sets a member of the envelope itself (not of {@code data}), for example a field PromptFloe may add later.
     *
     * @param name the member
     * @param value the value
     * @return this envelope
     */
    public Envelope withField(String name, JsonValue value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (name.equals("data")) {
            if (!(value instanceof JsonObject object)) {
                throw new IllegalArgumentException("data must be a JSON object; use withoutField(\"data\") to drop it");
            }
            fields.put("data", JsonValue.EMPTY_JSON_OBJECT);
            return data(object);
        }
        fields.put(name, value);
        return this;
    }

    /**
     * Removes a member of the envelope, such as {@code id}, to build an envelope a receiver must refuse.
     *
     * @param name the member
     * @return this envelope
     */
    public Envelope withoutField(String name) {
        fields.remove(name);
        if (name.equals("data")) {
            data.clear();
        }
        return this;
    }

    /**
     * The event id.
     *
     * @return the id, or {@code null} when absent or not a string
     */
    public String id() {
        return string("id");
    }

    /**
     * The wire type.
     *
     * @return the type, or {@code null} when absent or not a string
     */
    public String type() {
        return string("type");
    }

    /**
     * The {@code data} object as it is now.
     *
     * @return an immutable snapshot
     */
    public JsonObject data() {
        JsonObjectBuilder builder = Json.createObjectBuilder();
        data.forEach(builder::add);
        return builder.build();
    }

    /**
     * The envelope as JSON.
     *
     * @return an immutable snapshot
     */
    public JsonObject toJson() {
        JsonObjectBuilder builder = Json.createObjectBuilder();
        boolean dataWritten = false;
        for (Map.Entry<String, JsonValue> field : fields.entrySet()) {
            if (field.getKey().equals("data")) {
                builder.add("data", data());
                dataWritten = true;
            } else {
                builder.add(field.getKey(), field.getValue());
            }
        }
        if (!dataWritten && !data.isEmpty()) {
            builder.add("data", data());
        }
        return builder.build();
    }

    /**
     * The body to send: compact UTF-8 JSON.
     *
     * @return the bytes
     */
    public byte[] toBytes() {
        return JsonText.write(toJson());
    }

    /**
     * The event a receiver would dispatch for this envelope, to call your observer with directly.
     *
     * @param deliveryId the delivery id the event carries, such as {@code deliv_test}
     * @return the typed event ({@code DeploymentLive}, ..., or {@code UnknownEvent})
     * @throws IllegalStateException when core's parser refuses the envelope
     */
    public PromptFloeEvent toEvent(String deliveryId) {
        try {
            return Parser.INSTANCE.parse(toBytes(), deliveryId);
        } catch (MalformedEventException e) {
            throw new IllegalStateException("this envelope is not one a receiver accepts: " + e.getMessage(), e);
        }
    }

    /**
     * An independent copy to change without touching this one.
     *
     * @return the copy
     */
    public Envelope copy() {
        return new Envelope(new LinkedHashMap<>(fields), new LinkedHashMap<>(data));
    }

    /**
     * The compact JSON text.
     *
     * @return the JSON
     */
    @Override
    public String toString() {
        return JsonText.writeString(toJson());
    }

    // A JSON-B instance is costly to build: one for all envelopes, created on first use.
    private static final class Parser {
        static final EventParser INSTANCE = EventParser.create();
    }

    private String string(String name) {
        JsonValue value = fields.get(name);
        return value instanceof JsonString text ? text.getString() : null;
    }
}
