package com.promptfloe.webhooks.benchmarks;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Prints a JMH JSON result file as a Markdown table with each row's ratio to the floor of its
 * benchmark class and body size; {@code benchmarks/run.sh} calls it after each run.
 *
 * <p>The floor of a class is its benchmark whose name starts with {@code floor}. Ratios compare
 * average times measured in the same run, which is what counts on a shared machine.
 */
public final class Ratios {

    private Ratios() {
    }

    /**
     * Prints the table.
     *
     * @param args the JMH JSON result file
     * @throws IOException when it cannot be read
     */
    public static void main(String[] args) throws IOException {
        JsonArray runs;
        try (InputStream in = Files.newInputStream(Path.of(args[0])); JsonReader reader = Json.createReader(in)) {
            runs = reader.readArray();
        }
        Map<String, Double> floors = new LinkedHashMap<>();
        for (JsonObject run : runs.getValuesAs(JsonObject.class)) {
            if (method(run).startsWith("floor")) {
                floors.put(group(run), score(run));
            }
        }
        System.out.println("| benchmark | body | mode | score | error | unit | ratio to floor |");
        System.out.println("|---|---|---|---:|---:|---|---:|");
        for (JsonObject run : runs.getValuesAs(JsonObject.class)) {
            JsonObject metric = run.getJsonObject("primaryMetric");
            Double floor = floors.get(group(run));
            String ratio = floor == null ? "" : String.format(Locale.ROOT, "%.2fx", score(run) / floor);
            System.out.printf(Locale.ROOT, "| %s | %s | %s | %.3f | ±%.3f | %s | %s |%n",
                    shortName(run), size(run), run.getString("mode"), score(run),
                    metric.getJsonNumber("scoreError").doubleValue(), metric.getString("scoreUnit"), ratio);
        }
    }

    private static double score(JsonObject run) {
        return run.getJsonObject("primaryMetric").getJsonNumber("score").doubleValue();
    }

    private static String group(JsonObject run) {
        String name = run.getString("benchmark");
        return name.substring(0, name.lastIndexOf('.')) + "@" + size(run);
    }

    private static String method(JsonObject run) {
        String name = run.getString("benchmark");
        return name.substring(name.lastIndexOf('.') + 1);
    }

    private static String shortName(JsonObject run) {
        String name = run.getString("benchmark");
        String[] parts = name.split("\\.");
        return parts[parts.length - 2] + "." + parts[parts.length - 1];
    }

    private static String size(JsonObject run) {
        JsonObject params = run.getJsonObject("params");
        if (params == null || !params.containsKey("bodySize")) {
            return "-";
        }
        int bytes = Integer.parseInt(params.getString("bodySize"));
        return bytes % 1024 == 0 ? bytes / 1024 + " KiB" : bytes + " B";
    }
}
