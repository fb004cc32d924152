package com.promptfloe.webhooks.jakarta.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.promptfloe.webhooks.jakarta.PromptFloeWebhooksConfig;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whatever the configuration holds, in whichever source, the deployment check answers with
 * configuration problems (PFW messages) or with settings, never with another exception; settings it
 * accepts can all be built; and no problem message shows a secret or an API key.
 */
public class ConfigurationFuzzTest {

    /** Every key the library documents, read from its constants so a new key is fuzzed too. */
    private static final List<String> KEYS = keys();
    private static final String MARK = "SeCrEt-MaRk-";
    private static final String[] SOURCES = {"filter init-param", "context-param", "MicroProfile Config"};

    @FuzzTest(maxDuration = "10m")
    void checksEveryConfiguration(FuzzedDataProvider data) {
        fuzzerTestOneInput(data);
    }

    /** The entry point of a campaign ({@code core/fuzz.sh ConfigurationFuzzTest 10m}); the same check as the test. */
    public static void fuzzerTestOneInput(FuzzedDataProvider data) {
        Map<String, Map<String, String>> named = new LinkedHashMap<>();
        for (String source : SOURCES) {
            named.put(source, new LinkedHashMap<>());
        }
        Map<String, String> environment = new LinkedHashMap<>();
        int count = data.consumeInt(0, 12);
        for (int i = 0; i < count; i++) {
            String key = data.consumeBoolean() ? data.pickValue(KEYS)
                    : PromptFloeWebhooksConfig.PREFIX + "endpoint." + data.consumeString(12) + "."
                            + data.pickValue(new String[] {"secret", "path"});
            String value = data.consumeString(80);
            if (isSecret(key) && data.consumeBoolean()) {
                // Marked: every entry of the secret carries a word no message has, so a leak shows.
                value = MARK + value.replace(",", "," + MARK);
            }
            int where = data.consumeInt(0, SOURCES.length);
            if (where == SOURCES.length) {
                environment.put(PromptFloeWebhooksConfig.environmentVariable(key), value);
            } else {
                named.get(SOURCES[where]).put(key, value);
            }
        }
        ConfigLookup config = ConfigLookup.of(named, environment);

        List<ConfigProblem> problems = WebhookSettings.problems(config);

        for (ConfigProblem problem : problems) {
            assertThat(problem.getMessage()).startsWith("PFW-");
            if (!appearsElsewhere(named, environment)) {
                assertThat(problem.getMessage()).doesNotContain(MARK);
            }
        }
        if (problems.isEmpty()) {
            WebhookSettings.ledger(config);
            WebhookSettings.monitoring(config);
            WebhookSettings.mode(config);
            if (WebhookSettings.mode(config) == WebhookSettings.Mode.INBOX) {
                WebhookSettings.inbox(config);
            }
            if (WebhookSettings.configured(config)) {
                assertThat(WebhookSettings.endpoints(config)).isNotEmpty();
            }
        }
    }

    /** Whether the mark is also in the value of a key that is not a secret (then it may be named). */
    private static boolean appearsElsewhere(Map<String, Map<String, String>> named, Map<String, String> environment) {
        List<String> others = new ArrayList<>();
        named.values().forEach(values -> values.forEach((key, value) -> {
            if (!isSecret(key)) {
                others.add(value);
            }
            others.add(key);
        }));
        environment.forEach((variable, value) -> {
            if (!variable.endsWith("SECRET") && !variable.equals("PROMPTFLOE_API_KEY")) {
                others.add(value);
            }
            others.add(variable);
        });
        return others.stream().anyMatch(value -> value.contains(MARK));
    }

    private static boolean isSecret(String key) {
        return key.endsWith("secret") || key.equals(PromptFloeWebhooksConfig.API_KEY);
    }

    private static List<String> keys() {
        List<String> keys = new ArrayList<>();
        for (Field field : PromptFloeWebhooksConfig.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class
                    && !field.getName().startsWith("DEFAULT_")) {
                try {
                    String value = (String) field.get(null);
                    if (value.startsWith("promptfloe.") && !value.endsWith(".")) {
                        keys.add(value);
                    }
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return List.copyOf(keys);
    }
}
