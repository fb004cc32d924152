package com.example.subscriptions;

import static org.assertj.core.api.Assertions.assertThat;

import com.promptfloe.webhooks.Secret;
import com.promptfloe.webhooks.client.Webhook;
import com.promptfloe.webhooks.emulator.LocalPromptFloe;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RegisterWebhookTest {

    @Test
    void theReadmeSnippetRunsAgainstALocalPromptFloe() throws Exception {
        try (LocalPromptFloe promptFloe = LocalPromptFloe.builder().apiKey("pf_readme").start()) {
            List<Secret> stored = new ArrayList<>();

            List<Webhook> all = RegisterWebhook.run(promptFloe.baseUri(), "pf_readme",
                    URI.create("https://shop.example.com/webhooks/promptfloe"), stored::add);

            assertThat(stored).hasSize(1);
            assertThat(all).singleElement().satisfies(webhook -> {
                assertThat(webhook.enabled()).isFalse();
                assertThat(webhook.events()).containsExactly("deployment.live", "deployment.failed");
            });
        }
    }

    @Test
    void theReadmesShowTheSnippetAsTheBuildCompilesIt() throws Exception {
        String source = Files.readString(Path.of("src/test/java/com/example/subscriptions/RegisterWebhook.java"));
        String snippet = source.substring(source.indexOf("// README snippet starts\n") + 25,
                source.indexOf("        // README snippet ends"));
        String unindented = Arrays.stream(snippet.split("\n")).map(line -> line.length() >= 8 ? line.substring(8) : line)
                .collect(Collectors.joining("\n"));

        assertThat(Files.readString(Path.of("../client/README.md"))).contains(unindented);
        String firstPart = unindented.substring(0, unindented.indexOf("    try {"));
        assertThat(Files.readString(Path.of("../README.md"))).contains(firstPart + "    ...\n}");
    }
}
