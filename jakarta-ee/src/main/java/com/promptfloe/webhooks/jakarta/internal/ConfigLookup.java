package com.promptfloe.webhooks.jakarta.internal;

import com.promptfloe.webhooks.jakarta.PromptFloeWebhooksConfig;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The configuration sources in their documented order: filter init-params, context-params,
 * MicroProfile Config, environment. The first non-blank value wins.
 */
public final class ConfigLookup {

    private record Source(String name, UnaryOperator<String> values) {
    }

    /** A value with where it came from, for messages that tell the user what to change. */
    public record Value(String key, String text, String source) {
    }

    private final List<Source> sources;

    private ConfigLookup(List<Source> sources) {
        this.sources = List.copyOf(sources);
    }

    /**
     * All sources a filter sees.
     *
     * @param filter  the filter's config, or null outside a filter
     * @param context the servlet context, or null outside a web application
     * @return the lookup
     */
    public static ConfigLookup forWeb(FilterConfig filter, ServletContext context) {
        List<Source> sources = new ArrayList<>();
        if (filter != null) {
            sources.add(new Source("filter init-param", filter::getInitParameter));
        }
        if (context != null) {
            sources.add(new Source("context-param", context::getInitParameter));
        }
        addShared(sources, System.getenv());
        return new ConfigLookup(sources);
    }

    /**
     * The sources visible without a servlet context (the CDI extension runs before it exists).
     *
     * @return the lookup
     */
    public static ConfigLookup withoutServletContext() {
        List<Source> sources = new ArrayList<>();
        addShared(sources, System.getenv());
        return new ConfigLookup(sources);
    }

    /** For tests: named maps, highest first, then the given environment. */
    static ConfigLookup of(Map<String, Map<String, String>> named, Map<String, String> environment) {
        List<Source> sources = new ArrayList<>();
        named.forEach((name, values) -> sources.add(new Source(name, values::get)));
        sources.add(environmentSource(environment));
        return new ConfigLookup(sources);
    }

    private static void addShared(List<Source> sources, Map<String, String> environment) {
        UnaryOperator<String> microProfile = MicroProfileConfig.lookup();
        if (microProfile != null) {
            sources.add(new Source("MicroProfile Config", microProfile));
        }
        sources.add(environmentSource(environment));
    }

    private static Source environmentSource(Map<String, String> environment) {
        return new Source("environment", key -> environment.get(PromptFloeWebhooksConfig.environmentVariable(key)));
    }

    /**
     * The value of a key from the highest source that has a non-blank one.
     *
     * @param key the key
     * @return the value, or empty when no source sets it
     */
    public Optional<Value> find(String key) {
        Objects.requireNonNull(key, "key");
        for (Source source : sources) {
            String text;
            try {
                text = source.values().apply(key);
            } catch (RuntimeException e) {
                // A source that cannot answer (a broken converter, a closed context) must not hide the others.
                continue;
            }
            if (text != null && !text.isBlank()) {
                String where = source.name().equals("environment")
                        ? "environment variable " + PromptFloeWebhooksConfig.environmentVariable(key)
                        : source.name();
                return Optional.of(new Value(key, text.strip(), where));
            }
        }
        return Optional.empty();
    }

    /**
     * The value of a key, or its default.
     *
     * @param key          the key
     * @param defaultValue the documented default
     * @return the value
     */
    public Value get(String key, String defaultValue) {
        return find(key).orElseGet(() -> new Value(key, defaultValue, "default"));
    }
}
