package com.promptfloe.webhooks.emulator;

import static com.promptfloe.webhooks.emulator.EmulatorCli.*;

import com.promptfloe.webhooks.client.CreatedWebhook;
import com.promptfloe.webhooks.client.NewWebhook;
import com.promptfloe.webhooks.client.Replay;
import com.promptfloe.webhooks.client.Webhook;
import com.promptfloe.webhooks.client.WebhookUpdate;
import com.promptfloe.webhooks.client.WebhooksClient;
import com.promptfloe.webhooks.event.EventType;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The {@code webhooks} commands of the command line: PromptFloe's management API (or a local one
 * started with {@code serve}) through {@link WebhooksClient}. The delivery commands stay in
 * {@link EmulatorCli}, which adds these under {@code webhooks}.
 */
final class WebhooksCommands {

    private WebhooksCommands() {
    }

    static CommandLine commandLine(Context context) {
        CommandLine webhooks = new CommandLine(new Webhooks(context));
        webhooks.addSubcommand("create", new Create(context));
        webhooks.addSubcommand("list", new ListCommand(context));
        webhooks.addSubcommand("get", new Get(context));
        webhooks.addSubcommand("update", new Update(context));
        webhooks.addSubcommand("delete", new Delete(context));
        webhooks.addSubcommand("replay", new ApiReplay(context));
        return webhooks;
    }

    @Command(name = "webhooks",
            header = "Manage webhook subscriptions: create, list, get, update, delete, replay.",
            mixinStandardHelpOptions = true, synopsisSubcommandLabel = "COMMAND",
            description = {"Manages webhook subscriptions through PromptFloe's management API (or a local one "
                    + "started with 'serve'). API failures exit with 1 and print PromptFloe's status, error code, "
                    + "message and request id."},
            commandListHeading = "%nCommands:%n")
    static final class Webhooks implements Callable<Integer> {
        private final Context context;
        @Spec
        CommandSpec spec;

        Webhooks(Context context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            spec.commandLine().usage(context.err());
            return EXIT_USAGE;
        }
    }

    static String line(Webhook webhook) {
        return webhook.id() + "  " + (webhook.enabled() ? "enabled " : "disabled") + "  " + webhook.url() + "  "
                + String.join(",", webhook.events());
    }

    static List<String> events(CommandSpec spec, List<String> names) {
        for (String name : names) {
            if (EventType.fromWireName(name).isEmpty()) {
                throw usage(spec, "--events: " + name + " is not a documented event type; use any of "
                        + String.join(", ", LocalPromptFloe.typeNames()));
            }
        }
        return names;
    }

    static URI url(CommandSpec spec, String text) {
        try {
            URI uri = new URI(text);
            NewWebhook.of(uri, EventType.DEPLOYMENT_LIVE);
            return uri;
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw usage(spec, "--url must be an absolute http or https URL: " + text);
        }
    }

    @Command(name = "create",
            header = "Subscribe an endpoint; prints its secret once.",
            mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Subscribes an endpoint and prints its signing secret, once, with the configuration lines "
                    + "to paste into the receiving application."})
    static final class Create implements Callable<Integer> {
        private final Context context;
        @Spec
        CommandSpec spec;
        @Mixin
        Api api;
        @Option(names = "--url", required = true, paramLabel = "URL", description = "the application's webhook "
                + "endpoint, such as http://127.0.0.1:8088/webhooks/promptfloe")
        String url;
        @Option(names = "--events", required = true, split = ",", paramLabel = "TYPE", description = "the event types, "
                + "comma-separated, such as deployment.live,deployment.failed")
        List<String> events;
        @Option(names = "--disabled", description = "create it paused")
        boolean disabled;

        Create(Context context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            NewWebhook wanted = NewWebhook.of(url(spec, url), events(spec, events));
            try (WebhooksClient client = api.client(spec, context.environment())) {
                CreatedWebhook created = client.create(disabled ? wanted.disabled() : wanted);
                String secret = new String(created.secret().keyBytes(), StandardCharsets.UTF_8);
                PrintStream out = context.out();
                out.println("Created " + line(created.webhook()));
                out.println();
                out.println("Its signing secret is shown this once: PromptFloe never shows it again. Give it to the "
                        + "receiving application, as an environment variable:");
                out.println("  export " + SECRET_VARIABLE + "=" + secret);
                out.println("or in MicroProfile Config (META-INF/microprofile-config.properties):");
                out.println("  promptfloe.webhooks.secret=" + secret);
                return EXIT_OK;
            }
        }
    }

    @Command(name = "list",
            header = "List every subscription.",
            mixinStandardHelpOptions = true, description = "Lists every subscription, one per line: "
            + "id, state, URL, event types.")
    static final class ListCommand implements Callable<Integer> {
        private final Context context;
        @Spec
        CommandSpec spec;
        @Mixin
        Api api;
        @Option(names = "--page-size", paramLabel = "N", description = "how many to fetch per call (default 100)")
        int pageSize = WebhooksClient.MAX_PAGE_SIZE;

        ListCommand(Context context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            if (pageSize < 1 || pageSize > WebhooksClient.MAX_PAGE_SIZE) {
                throw usage(spec, "--page-size must be from 1 to " + WebhooksClient.MAX_PAGE_SIZE + ": " + pageSize);
            }
            try (WebhooksClient client = api.client(spec, context.environment())) {
                long count = client.list(pageSize).peek(w -> context.out().println(line(w))).count();
                context.out().println(count + " webhook(s)");
                return EXIT_OK;
            }
        }
    }

    @Command(name = "get",
            header = "Show one subscription.",
            mixinStandardHelpOptions = true, description = "Shows one subscription (never its secret).")
    static final class Get implements Callable<Integer> {
        private final Context context;
        @Spec
        CommandSpec spec;
        @Mixin
        Api api;
        @Parameters(paramLabel = "ID", description = "the webhook id")
        String id;

        Get(Context context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            try (WebhooksClient client = api.client(spec, context.environment())) {
                context.out().println(line(client.get(checkedId(spec, id))));
                return EXIT_OK;
            }
        }
    }

    static String checkedId(CommandSpec spec, String id) {
        if (!id.matches("[A-Za-z0-9._~-]{1,200}")) {
            throw usage(spec, "not a PromptFloe id (letters, digits, '.', '_', '~', '-'): " + id);
        }
        return id;
    }

    @Command(name = "update",
            header = "Change some fields of a subscription.",
            mixinStandardHelpOptions = true, sortOptions = false,
            description = "Changes only the fields given.")
    static final class Update implements Callable<Integer> {
        private final Context context;
        @Spec
        CommandSpec spec;
        @Mixin
        Api api;
        @Parameters(paramLabel = "ID", description = "the webhook id")
        String id;
        @Option(names = "--url", paramLabel = "URL", description = "deliver to this URL")
        String url;
        @Option(names = "--events", split = ",", paramLabel = "TYPE", description = "replace the event types")
        List<String> events;
        @Option(names = "--enabled", paramLabel = "true|false", arity = "1", description = "resume or pause deliveries")
        Boolean enabled;

        Update(Context context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            WebhookUpdate update = WebhookUpdate.create();
            if (url != null) {
                update = update.url(url(spec, url));
            }
            if (events != null) {
                update = update.events(events(spec, events));
            }
            if (enabled != null) {
                update = update.enabled(enabled);
            }
            if (update.isEmpty()) {
                throw usage(spec, "give --url, --events or --enabled");
            }
            try (WebhooksClient client = api.client(spec, context.environment())) {
                context.out().println("Updated " + line(client.update(checkedId(spec, id), update)));
                return EXIT_OK;
            }
        }
    }

    @Command(name = "delete",
            header = "Delete a subscription.",
            mixinStandardHelpOptions = true, description = "Deletes a subscription.")
    static final class Delete implements Callable<Integer> {
        private final Context context;
        @Spec
        CommandSpec spec;
        @Mixin
        Api api;
        @Parameters(paramLabel = "ID", description = "the webhook id")
        String id;

        Delete(Context context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            try (WebhooksClient client = api.client(spec, context.environment())) {
                client.delete(checkedId(spec, id));
                context.out().println("Deleted " + id);
                return EXIT_OK;
            }
        }
    }

    @Command(name = "replay",
            header = "Ask PromptFloe to send a delivery again.",
            mixinStandardHelpOptions = true, description = "Asks PromptFloe to send a delivery "
            + "again: same delivery id and body, fresh signature.")
    static final class ApiReplay implements Callable<Integer> {
        private final Context context;
        @Spec
        CommandSpec spec;
        @Mixin
        Api api;
        @Parameters(index = "0", paramLabel = "ID", description = "the webhook id")
        String id;
        @Parameters(index = "1", paramLabel = "DELIVERY_ID", description = "the delivery id (X-PromptFloe-Delivery)")
        String deliveryId;

        ApiReplay(Context context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            try (WebhooksClient client = api.client(spec, context.environment())) {
                Replay replay = client.replay(checkedId(spec, id), checkedId(spec, deliveryId));
                context.out().println("Replay of " + replay.deliveryId() + " to " + replay.webhookId() + ": "
                        + replay.status());
                return EXIT_OK;
            }
        }
    }
}
