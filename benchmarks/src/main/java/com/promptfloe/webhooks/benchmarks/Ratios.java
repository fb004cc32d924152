package com.promptfloe.webhooks.benchmarks;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints a JMH JSON result file as a Markdown table with each row's ratio to the floor of its
 * benchmark class and body size; {@code benchmarks/run.sh} calls it after each run.
 *
 * <p>The floor of a class is its benchmark whose name starts with {@code floor}. Ratios compare the
 * median measurement iterations of one run: on a shared machine a burst of someone else's work lands
 * in a few iterations, and the median leaves them out where the mean would not.
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
                floors.put(group(run), median(run));
            }
        }
        System.out.println("| benchmark | body | mode | mean | error | median | unit | median ratio to floor |");
        System.out.println("|---|---|---|---:|---:|---:|---|---:|");
        for (JsonObject run : runs.getValuesAs(JsonObject.class)) {
            JsonObject metric = run.getJsonObject("primaryMetric");
            Double floor = floors.get(group(run));
            String ratio = floor == null ? "" : String.format(Locale.ROOT, "%.2fx", median(run) / floor);
            System.out.printf(Locale.ROOT, "| %s | %s | %s | %.3f | ±%.3f | %.3f | %s | %s |%n",
                    shortName(run), size(run), run.getString("mode"),
                    metric.getJsonNumber("score").doubleValue(), errorOf(metric), median(run),
                    metric.getString("scoreUnit"), ratio);
        }
    }

    private static double median(JsonObject run) {
        List<Double> scores = new ArrayList<>();
        for (JsonArray fork : run.getJsonObject("primaryMetric").getJsonArray("rawData").getValuesAs(JsonArray.class)) {
            for (JsonNumber score : fork.getValuesAs(JsonNumber.class)) {
                scores.add(score.doubleValue());
            }
        }
        Collections.sort(scores);
        int middle = scores.size() / 2;
        return scores.size() % 2 == 1 ? scores.get(middle) : (scores.get(middle - 1) + scores.get(middle)) / 2;
    }

    private static double errorOf(JsonObject metric) {
        // JMH writes NaN, which JSON cannot hold, as a string when there are too few iterations.
        return metric.get("scoreError") instanceof JsonNumber error ? error.doubleValue() : Double.NaN;
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
        StringBuilder shown = new StringBuilder(parts[parts.length - 2] + "." + parts[parts.length - 1]);
        // Parameters other than the body size (shown in its own column) tell rows of one method apart.
        JsonObject params = run.getJsonObject("params");
        if (params != null) {
            params.forEach((key, value) -> {
                if (!key.equals("bodySize")) {
                    shown.append(" (").append(key).append('=').append(params.getString(key)).append(')');
                }
            });
        }
        return shown.toString();
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
