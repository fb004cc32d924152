package com.promptfloe.webhooks.emulator.internal;

import com.promptfloe.webhooks.emulator.Delivery;
import com.promptfloe.webhooks.testkit.internal.JsonText;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;

/**
 * Remembers what the command line sent, so that {@code replay} in a later run can send the same
 * body under the same delivery id. One JSON file per delivery; the body is kept as base64 so that
 * its bytes, and hence what is signed, do not change.
 */
public final class DeliveryStore {

    private final Path directory;

    /**
     * A store in a directory, created when first written.
     *
     * @param directory the directory
     */
    public DeliveryStore(Path directory) {
        this.directory = directory;
    }

    /**
     * The default store, in the system's temporary directory.
     *
     * @return the default directory
     */
    public static Path defaultDirectory() {
        return Path.of(System.getProperty("java.io.tmpdir"), "promptfloe-testkit-deliveries");
    }

    /**
     * The directory.
     *
     * @return the directory
     */
    public Path directory() {
        return directory;
    }

    /**
     * Saves a delivery (without its shaping), replacing an earlier one with the same id.
     *
     * @param delivery the delivery
     * @throws IOException when the file cannot be written
     */
    public void save(Delivery delivery) throws IOException {
        Files.createDirectories(directory);
        JsonObject json = Json.createObjectBuilder()
                .add("deliveryId", delivery.deliveryId())
                .add("eventType", delivery.eventType())
                .add("body", Base64.getEncoder().encodeToString(delivery.body()))
                .build();
        Files.write(file(delivery.deliveryId()), JsonText.write(json));
    }

    /**
     * Loads a delivery saved before.
     *
     * @param deliveryId the id
     * @return the delivery, or empty when this store has none with that id
     * @throws IOException when the file exists but cannot be read
     */
    public Optional<Delivery> load(String deliveryId) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file(deliveryId));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        JsonObject json = JsonText.readObject(bytes);
        return Optional.of(Delivery.of(json.getString("deliveryId"), json.getString("eventType"),
                Base64.getDecoder().decode(json.getString("body"))));
    }

    private Path file(String deliveryId) {
        return directory.resolve(URLEncoder.encode(deliveryId, StandardCharsets.UTF_8) + ".json");
    }
}
