package com.promptfloe.webhooks.testkit.internal;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import jakarta.json.JsonWriter;
import jakarta.json.stream.JsonParsingException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Reads and writes JSON with the Jakarta JSON-P provider (Parsson on plain Java). */
public final class JsonText {

    private JsonText() {
    }

    /**
     * Parses a JSON object.
     *
     * @param bytes UTF-8 JSON
     * @return the object
     * @throws IllegalArgumentException when the bytes are not a JSON object
     */
    public static JsonObject readObject(byte[] bytes) {
        try (JsonReader reader = Json.createReader(new ByteArrayInputStream(bytes))) {
            JsonStructure structure = reader.read();
            if (structure instanceof JsonObject object) {
                return object;
            }
            throw new IllegalArgumentException("expected a JSON object, found a " + structure.getValueType());
        } catch (JsonParsingException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getMessage(), e);
        } catch (JsonException e) {
            throw new IllegalArgumentException("not readable as JSON: " + e.getMessage(), e);
        }
    }

    /**
     * The object if the bytes are one, else empty.
     *
     * @param bytes candidate JSON
     * @return the object, or empty
     */
    public static Optional<JsonObject> tryReadObject(byte[] bytes) {
        try {
            return Optional.of(readObject(bytes));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * A string member of a JSON object body.
     *
     * @param bytes candidate JSON
     * @param name the member
     * @return its value when the bytes are an object with that string member
     */
    public static Optional<String> stringMember(byte[] bytes, String name) {
        return tryReadObject(bytes).map(object -> object.get(name))
                .filter(JsonString.class::isInstance)
                .map(value -> ((JsonString) value).getString());
    }

    /**
     * Writes a value compactly, as a sender puts it on the wire.
     *
     * @param value the value
     * @return UTF-8 bytes
     */
    public static byte[] write(JsonValue value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonWriter writer = Json.createWriter(out)) {
            writer.write(value);
        }
        return out.toByteArray();
    }

    /**
     * Writes a value compactly as text.
     *
     * @param value the value
     * @return the JSON text
     */
    public static String writeString(JsonValue value) {
        return new String(write(value), StandardCharsets.UTF_8);
    }
}
