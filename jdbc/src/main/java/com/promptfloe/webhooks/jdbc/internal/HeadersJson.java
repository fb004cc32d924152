package com.promptfloe.webhooks.jdbc.internal;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A journal record's headers as one small JSON object of strings, names sorted: readable in the
 * table, and what PostgreSQL's {@code headers::jsonb} or MariaDB's JSON functions take. Written and
 * read with JSON-P, which the core module uses already.
 */
public final class HeadersJson {

    private HeadersJson() {
    }

    /**
     * Writes headers as a JSON object.
     *
     * @param headers the headers
     * @return for example <code>{"User-Agent":"PromptFloe/1"}</code>
     */
    public static String encode(Map<String, String> headers) {
        JsonObjectBuilder json = Json.createObjectBuilder();
        new TreeMap<>(headers).forEach(json::add);
        return json.build().toString();
    }

    /**
     * Reads what {@link #encode} wrote.
     *
     * @param json the object, or {@code null} for none
     * @return the headers, in the order written
     * @throws IllegalArgumentException when the text is not an object whose values are strings
     */
    public static Map<String, String> decode(String json) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (json == null) {
            return headers;
        }
        JsonObject object;
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            object = reader.readObject();
        } catch (JsonException | IllegalStateException e) {
            throw new IllegalArgumentException("the headers column does not hold a JSON object: " + e.getMessage(), e);
        }
        for (Map.Entry<String, JsonValue> header : object.entrySet()) {
            if (!(header.getValue() instanceof JsonString value)) {
                throw new IllegalArgumentException("the headers column's '" + header.getKey() + "' is not a string");
            }
            headers.put(header.getKey(), value.getString());
        }
        return headers;
    }
}
