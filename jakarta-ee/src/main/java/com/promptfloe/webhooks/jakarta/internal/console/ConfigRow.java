package com.promptfloe.webhooks.jakarta.internal.console;

import com.promptfloe.webhooks.jakarta.PromptFloeWebhooksConfig;
import com.promptfloe.webhooks.jakarta.internal.ConfigLookup;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One line of the effective configuration the overview shows; secrets and keys show {@code (set)}.
 *
 * @param key the key
 * @param value the value, {@code (set)} for a secret, {@code null} when not set
 * @param source where the value came from, {@code null} when not set
 */
public record ConfigRow(String key, String value, String source) {

    /** What a secret's value shows. */
    public static final String SET = "(set)";

    /**
     * Every documented key, and each named endpoint's secret and path, as the configuration has them.
     *
     * @param config the configuration
     * @param endpoints the endpoint names
     * @return the rows, documented keys first
     */
    public static List<ConfigRow> of(ConfigLookup config, List<String> endpoints) {
        List<String> keys = new ArrayList<>();
        for (Field field : PromptFloeWebhooksConfig.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class
                    && !field.getName().startsWith("DEFAULT_") && !field.getName().equals("PREFIX")) {
                try {
                    keys.add((String) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        for (String endpoint : endpoints) {
            keys.add(PromptFloeWebhooksConfig.endpointKey(endpoint, "secret"));
            keys.add(PromptFloeWebhooksConfig.endpointKey(endpoint, "path"));
        }
        List<ConfigRow> rows = new ArrayList<>();
        for (String key : keys.stream().distinct().sorted().toList()) {
            Optional<ConfigLookup.Value> value = config.find(key);
            rows.add(new ConfigRow(key, value.map(v -> secret(key) ? SET : v.text()).orElse(null),
                    value.map(ConfigLookup.Value::source).orElse(null)));
        }
        return List.copyOf(rows);
    }

    static boolean secret(String key) {
        return key.endsWith("secret") || key.equals(PromptFloeWebhooksConfig.API_KEY) || key.contains("password");
    }
}
