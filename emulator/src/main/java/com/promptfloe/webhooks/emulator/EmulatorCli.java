package com.promptfloe.webhooks.emulator;

import com.promptfloe.webhooks.Secret;
import com.promptfloe.webhooks.client.PromptFloeApiException;
import com.promptfloe.webhooks.client.WebhooksClient;
import com.promptfloe.webhooks.emulator.internal.DeliveryStore;
import com.promptfloe.webhooks.event.EventType;
import com.promptfloe.webhooks.internal.DurationText;
import com.promptfloe.webhooks.testkit.Envelope;
import com.promptfloe.webhooks.testkit.Fixtures;
import com.promptfloe.webhooks.testkit.internal.Ids;
import com.promptfloe.webhooks.testkit.internal.JsonText;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The command line: deliver events to an application as PromptFloe does, run a local PromptFloe,
 * and manage webhook subscriptions: {@code java -jar promptfloe-webhooks-emulator-<version>-cli.jar --help}.
 *
 * <pre>{@code
 * java -jar promptfloe-webhooks-emulator-0.1.0-SNAPSHOT-cli.jar send \
 *     --url http://localhost:8080/webhooks/promptfloe --secret whsec_test --type deployment.live
 * }</pre>
 *
 * <p>Commands {@code send}, {@code replay}, {@code demo} (the delivery emulator), {@code serve} and
 * {@code emit} (a local PromptFloe), {@code webhooks create|list|get|update|delete|replay} (the
 * management API through {@link WebhooksClient}) and {@code generate-completion} (a bash/zsh
 * completion script). Exit codes: 0 success, 1 a delivery or an API call failed, 2 a usage error
 * (nothing was sent). {@link #run} does the same without exiting, for tests and launchers.
 */
public final class EmulatorCli {

    /** Every delivery delivered, or every demo delivery as expected, or the API call succeeded. */
    public static final int EXIT_OK = 0;
    /** At least one delivery failed or ended otherwise than expected, or an API call failed. */
    public static final int EXIT_FAILED = 1;
    /** The command line was wrong; nothing was sent. */
    public static final int EXIT_USAGE = 2;

    static final String SECRET_VARIABLE = "PROMPTFLOE_WEBHOOKS_SECRET";
    static final String API_KEY_VARIABLE = "PROMPTFLOE_API_KEY";
    static final String API_URL_VARIABLE = "PROMPTFLOE_API_URL";
    static final String NAME = "promptfloe";

    /**
     * Interactive runs should end in seconds, so every command compresses PromptFloe's schedule by
     * default; {@code --real-schedule} is one flag away for a soak against the true delays.
     */
    static final double DEFAULT_TIME_SCALE = DemoStream.DEFAULT_TIME_SCALE;
    /** What the help says the default scale does; EmulatorCliTest checks it against the schedule. */
    static final String TIME_SCALE_EFFECT = "the default 0.0001 turns 1m into 6 ms and the whole schedule "
            + "(about 38.6 hours) into about 14 s";

    private EmulatorCli() {
    }

    /**
     * Runs the command line and exits with its code.
     *
     * @param args the command and its options
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs the command line without exiting.
     *
     * @param args the command and its options
     * @param out where results go
     * @param err where errors go
     * @return the exit code: {@link #EXIT_OK}, {@link #EXIT_FAILED} or {@link #EXIT_USAGE}
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, System::getenv);
    }

    static int run(String[] args, PrintStream out, PrintStream err, Function<String, String> environment) {
        return commandLine(out, err, environment).execute(args);
    }

    static CommandLine commandLine(PrintStream out, PrintStream err, Function<String, String> environment) {
        Context context = new Context(out, err, environment);
        CommandLine line = new CommandLine(new Root(context));
        line.addSubcommand("send", new Send(context));
        line.addSubcommand("replay", new ReplayCommand(context));
        line.addSubcommand("demo", new Demo(context));
        line.addSubcommand("serve", new Serve(context));
        line.addSubcommand("emit", new Emit(context));
        line.addSubcommand("webhooks", WebhooksCommands.commandLine(context));
        line.addSubcommand("generate-completion", new AutoComplete.GenerateCompletion());
        line.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        line.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        line.setParameterExceptionHandler((e, args) -> {
            e.getCommandLine().getErr().println("error: " + e.getMessage());
            e.getCommandLine().getErr().println("Run 'java -jar " + JAR + " "
                    + (e.getCommandLine().getParent() == null ? "" : e.getCommandLine().getCommandSpec().qualifiedName(" ")
                            .substring(NAME.length() + 1) + " ") + "--help' for usage.");
            return EXIT_USAGE;
        });
        line.setExecutionExceptionHandler((e, commandLine, parsed) -> {
            if (e instanceof PromptFloeApiException api) {
                commandLine.getErr().println("error: " + api.getMessage());
                return EXIT_FAILED;
            }
            throw e;
        });
        return line;
    }

    static final String JAR = "promptfloe-webhooks-emulator-<version>-cli.jar";

    static String plain(double number) {
        return java.math.BigDecimal.valueOf(number).stripTrailingZeros().toPlainString();
    }

    record Context(PrintStream out, PrintStream err, Function<String, String> environment) {
    }

    // ------------------------------------------------------------------ root

    @Command(name = NAME, mixinStandardHelpOptions = true, version = "promptfloe-webhooks-emulator 0.1.0-SNAPSHOT",
            synopsisSubcommandLabel = "COMMAND",
            description = {
                "PromptFloe delivery emulator, local PromptFloe and webhook management.",
                "",
                "The emulator delivers webhook events to your application exactly as PromptFloe does "
                        + "(Content-Type application/json, X-PromptFloe-Signature with a fresh signature per attempt, "
                        + "X-PromptFloe-Delivery, X-PromptFloe-Event; a 2xx answer within the timeout is success, "
                        + "anything else is retried after 1m, 5m, 30m, 2h, 12h and 24h; after the first attempt and "
                        + "six failed retries the delivery is reported failed). Every attempt prints one line: "
                        + "delivery id, attempt n/max, status (or timeout or unreachable), how long it took and "
                        + "when it was sent.",
                "",
                "Run 'java -jar " + JAR + " COMMAND --help' for the options of a command; "
                        + "'generate-completion' prints a bash/zsh completion script for the command name "
                        + NAME + "."},
            commandListHeading = "%nCommands:%n",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {
                "0:every delivery delivered (demo: every delivery as expected); the API call succeeded",
                "1:a delivery failed (demo: ended otherwise than expected); the API call failed",
                "2:usage error (nothing was sent)"})
    static final class Root implements Callable<Integer> {
        private final Context context;
        @Spec
        CommandSpec spec;

        Root(Context context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            spec.commandLine().usage(context.err);
            return EXIT_USAGE;
        }
    }

    // ------------------------------------------------------------------ emulator commands

    /** The options every delivering command shares. */
    static final class Common {
        @Option(names = "--url", required = true, paramLabel = "URL",
                description = "the application's webhook endpoint, such as http://localhost:8080/webhooks/promptfloe")
        String url;

        @Option(names = "--secret", paramLabel = "SECRET", description = "the signing secret the application verifies "
                + "with; several, comma-separated, put one v1 per secret in the signature, as during a rotation "
                + "(default: $" + SECRET_VARIABLE + ")")
        String secret;

        @Option(names = "--timeout", paramLabel = "DURATION", description = "how long to wait for each response before "
                + "the attempt counts as timed out and is retried: 10s, 500ms, PT10S (default 10s, as PromptFloe)")
        String timeout = "10s";

        @Option(names = "--time-scale", paramLabel = "FACTOR", description = "multiplies every retry delay of "
                + "PromptFloe's schedule (1m, 5m, 30m, 2h, 12h, 24h); " + TIME_SCALE_EFFECT)
        String timeScale;

        @Option(names = "--real-schedule", description = "PromptFloe's own delays, unscaled (the same as --time-scale "
                + "1): a refused delivery is then retried for 38.6 hours")
        boolean realSchedule;

        record Parsed(URI url, List<Secret> secrets, Duration timeout, double timeScale) {
        }

        Parsed parse(CommandSpec spec, Function<String, String> environment) {
            URI uri;
            try {
                uri = new URI(url);
                DeliveryEmulator.builder().url(uri);
                if (uri.getHost() == null) {
                    throw usage(spec, "--url needs a host: " + url);
                }
            } catch (URISyntaxException | IllegalArgumentException e) {
                throw usage(spec, "--url is not an http(s) URL: " + url);
            }
            String rawSecret = secret != null ? secret : environment.apply(SECRET_VARIABLE);
            if (rawSecret == null || rawSecret.isBlank()) {
                throw usage(spec, "--secret is required (or set " + SECRET_VARIABLE + ")");
            }
            List<Secret> secrets = new ArrayList<>();
            for (String part : rawSecret.split(",")) {
                try {
                    secrets.add(Secret.of(part.strip()));
                } catch (IllegalArgumentException e) {
                    throw usage(spec, "--secret: " + e.getMessage());
                }
            }
            Duration wait = duration(spec, "--timeout", timeout);
            try {
                DeliveryEmulator.builder().responseTimeout(wait);
            } catch (IllegalArgumentException e) {
                throw usage(spec, "--timeout: " + e.getMessage());
            }
            return new Parsed(uri, secrets, wait, scale(spec, timeScale, realSchedule));
        }
    }

    static Duration duration(CommandSpec spec, String option, String text) {
        return DurationText.parse(text).orElseThrow(() -> usage(spec, option + ": not a duration: '" + text + "'; "
                + DurationText.FORMS));
    }

    static double scale(CommandSpec spec, String timeScale, boolean realSchedule) {
        if (realSchedule && timeScale != null) {
            throw usage(spec, "--real-schedule and --time-scale contradict each other: give one");
        }
        String raw = timeScale != null ? timeScale : Double.toString(realSchedule ? 1.0 : DEFAULT_TIME_SCALE);
        try {
            double scale = Double.parseDouble(raw);
            DeliveryEmulator.builder().timeScale(scale);
            return scale;
        } catch (IllegalArgumentException e) {
            throw usage(spec, "--time-scale must be a positive number, such as 0.001: " + raw);
        }
    }

    static ParameterException usage(CommandSpec spec, String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    private static DeliveryEmulator emulator(Common.Parsed common, PrintStream out) {
        return DeliveryEmulator.builder().url(common.url()).secrets(common.secrets()).clock(Clock.systemUTC())
                .timeScale(common.timeScale()).responseTimeout(common.timeout())
                .onAttempt(record -> out.println(record.toLine())).build();
    }

    private static int report(List<DeliveryResult> results, PrintStream out) {
        boolean allDelivered = true;
        for (DeliveryResult result : results) {
            allDelivered &= result.delivered();
            out.println(result.deliveryId() + "  " + switch (result.status()) {
                case DELIVERED -> "delivered: " + result.lastAttempt().statusText() + " on attempt "
                        + result.attempts().size();
                case FAILED -> "FAILED after " + result.attempts().size() + " attempts";
                case INTERRUPTED -> "INTERRUPTED after " + result.attempts().size() + " attempts";
            });
        }
        return allDelivered ? EXIT_OK : EXIT_FAILED;
    }

    @Command(name = "send",
            header = "Deliver one event, with PromptFloe's retries.",
            mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Delivers one event with PromptFloe's retries and remembers it for 'replay'.",
                "Types: deployment.live, deployment.queued, deployment.building, deployment.failed, app.generated, "
                        + "app.failed, app.updated, skill.completed, skill.failed, augmenter.applied, "
                        + "subscription.updated, payment.succeeded, payment.failed."})
    static final class Send implements Callable<Integer> {
        private final Context context;
        @Spec
        CommandSpec spec;
        @Mixin
        Common common;

        @Option(names = "--type", paramLabel = "TYPE", description = "without --file: the event type whose built-in "
                + "sample is sent, with a new event id and the current time (default deployment.live); a type that is "
                + "not documented sends a sample of an unknown type. With --file: the X-PromptFloe-Event header "
                + "(default: the file's \"type\")")
        String type;
        @Option(names = "--file", paramLabel = "PATH", description = "send this file's bytes exactly as they are")
        Path file;
        @Option(names = "--delivery-id", paramLabel = "ID", description = "the X-PromptFloe-Delivery value (default: "
                + "a new deliv_... id)")
        String deliveryId;
        @Option(names = "--duplicates", paramLabel = "N", description = "after the first, send N more copies of the "
                + "same delivery (same id, same body, each freshly signed) (default 0)")
        int duplicates;
        @Option(names = "--concurrent", description = "send the first and its duplicates at the same moment instead "
                + "of one after the other")
        boolean concurrent;
        @Option(names = "--store", paramLabel = "DIR", description = "where sent deliveries are kept for replay "
                + "(default: $TMPDIR/promptfloe-testkit-deliveries)")
        Path store;

        Send(Context context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            Common.Parsed parsed = common.parse(spec, context.environment);
            if (duplicates < 0 || duplicates > 1000) {
                throw usage(spec, "--duplicates must be a whole number from 0 to 1000: " + duplicates);
            }
            Delivery delivery = delivery();
            DeliveryStore deliveries = new DeliveryStore(store != null ? store : DeliveryStore.defaultDirectory());
            try {
                deliveries.save(delivery);
            } catch (IOException e) {
                throw usage(spec, "cannot keep the delivery for replay in " + deliveries.directory() + ": " + e);
            }
            PrintStream out = context.out;
            out.println("Sending " + delivery.eventType() + " as " + delivery.deliveryId() + " to " + parsed.url()
                    + (duplicates > 0 ? " with " + duplicates + (concurrent ? " concurrent" : "") + " duplicate(s)" : ""));
            return report(emulator(parsed, out).deliverCopies(delivery, duplicates + 1, concurrent), out);
        }

        private Delivery delivery() {
            if (file != null) {
                byte[] body;
                try {
                    body = Files.readAllBytes(file);
                } catch (NoSuchFileException e) {
                    throw usage(spec, "--file " + file + " does not exist");
                } catch (IOException e) {
                    throw usage(spec, "cannot read --file " + file + ": " + e);
                }
                String id = deliveryId != null ? deliveryId : Ids.next("deliv_");
                if (type != null) {
                    return Delivery.of(id, type, body);
                }
                try {
                    return Delivery.of(id, body);
                } catch (IllegalArgumentException e) {
                    throw usage(spec, "--file " + file + ": " + e.getMessage() + " (--type)");
                }
            }
            String wireName = type != null ? type : EventType.DEPLOYMENT_LIVE.wireName();
            Fixtures fixtures = Fixtures.withClock(Clock.systemUTC());
            Envelope envelope = EventType.fromWireName(wireName).map(fixtures::fresh)
                    .orElseGet(() -> fixtures.freshUnknown(wireName));
            Delivery delivery = Delivery.of(envelope);
            return deliveryId != null ? delivery.withDeliveryId(deliveryId) : delivery;
        }
    }

    @Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
            header = "Deliver an earlier 'send' again: same id and body, fresh signature.",
            description = {"Sends a delivery that 'send' sent before again, as PromptFloe's replay endpoint does: the "
                    + "same delivery id and body with a new signature. A receiver that processed it answers 200 "
                    + "duplicate without processing it again."})
    static final class ReplayCommand implements Callable<Integer> {
        private final Context context;
        @Spec
        CommandSpec spec;
        @Mixin
        Common common;
        @Option(names = "--delivery-id", required = true, paramLabel = "ID", description = "the delivery to replay")
        String deliveryId;
        @Option(names = "--store", paramLabel = "DIR", description = "where 'send' kept it (default: "
                + "$TMPDIR/promptfloe-testkit-deliveries)")
        Path store;

        ReplayCommand(Context context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            Common.Parsed parsed = common.parse(spec, context.environment);
            DeliveryStore deliveries = new DeliveryStore(store != null ? store : DeliveryStore.defaultDirectory());
            Delivery delivery;
            try {
                delivery = deliveries.load(deliveryId).orElseThrow(() -> usage(spec, "no delivery " + deliveryId
                        + " was sent with this store (" + deliveries.directory() + "); send it first, or pass --store"));
            } catch (IOException e) {
                throw usage(spec, "cannot read delivery " + deliveryId + " from " + deliveries.directory() + ": " + e);
            }
            context.out.println("Replaying " + delivery.eventType() + " delivery " + deliveryId + " to " + parsed.url());
            return report(List.of(emulator(parsed, context.out).deliver(delivery)), context.out);
        }
    }

    @Command(name = "demo",
            header = "A mixed stream of deliveries, with what a correct receiver answers.",
            mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Sends a stream of deliveries and states for each what a correct receiver answers:",
                "  valid deliveries of four types         200 processed",
                "  the first one again (same delivery)    200 duplicate",
                "  3 concurrent copies of a new delivery  all acknowledged, processed once",
                "  a body changed after signing           401 (single attempt, not retried)",
                "  a signature an hour old                401 (single attempt, not retried)",
                "  an unknown event type                  200",
                "Every run uses new event and delivery ids, so it can run again against the same application. "
                        + "Exit code 1 when any delivery ended otherwise than expected."})
    static final class Demo implements Callable<Integer> {
        private final Context context;
        @Spec
        CommandSpec spec;
        @Mixin
        Common common;

        Demo(Context context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            Common.Parsed parsed = common.parse(spec, context.environment);
            return DemoStream.builder().url(parsed.url()).secrets(parsed.secrets()).out(context.out)
                    .timeScale(parsed.timeScale()).responseTimeout(parsed.timeout()).build().run().exitCode();
        }
    }

    // ------------------------------------------------------------------ local PromptFloe

    @Command(name = "serve",
            header = "Run a local PromptFloe (management API and deliveries).",
            mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Runs a local PromptFloe until Ctrl-C: the webhook management API under /v1/webhooks "
                    + "(create, list, get, update, delete, replay), and deliveries to the subscriptions, signed with "
                    + "each one's secret, with PromptFloe's retry schedule and 10 s timeout. Trigger a delivery with "
                    + "'emit'. It prints one line per request and per delivery attempt."})
    static final class Serve implements Callable<Integer> {
        private final Context context;
        @Spec
        CommandSpec spec;
        @Option(names = "--port", paramLabel = "N", description = "the port (default 8090; 0 picks a free one)")
        int port = 8090;
        @Option(names = "--host", paramLabel = "ADDRESS", description = "the address to listen on (default 127.0.0.1: "
                + "only this machine)")
        String host = "127.0.0.1";
        @Option(names = "--api-key", paramLabel = "KEY", description = "the API key it accepts as Authorization: Bearer "
                + "KEY (default: $" + API_KEY_VARIABLE + ", else pf_local_dev_key)")
        String apiKey;
        @Option(names = "--timeout", paramLabel = "DURATION", description = "how long a delivery waits for the "
                + "application's answer (default 10s, as PromptFloe)")
        String timeout = "10s";
        @Option(names = "--time-scale", paramLabel = "FACTOR", description = "multiplies the retry delays; "
                + TIME_SCALE_EFFECT)
        String timeScale;
        @Option(names = "--real-schedule", description = "PromptFloe's own retry delays, unscaled")
        boolean realSchedule;

        final CountDownLatch stop = new CountDownLatch(1);
        volatile LocalPromptFloe running;

        Serve(Context context) {
            this.context = context;
        }

        @Override
        public Integer call() throws InterruptedException {
            if (port < 0 || port > 65535) {
                throw usage(spec, "--port must be from 0 to 65535: " + port);
            }
            String key = apiKey != null ? apiKey : Optional.ofNullable(context.environment.apply(API_KEY_VARIABLE))
                    .filter(k -> !k.isBlank()).orElse("pf_local_dev_key");
            LocalPromptFloe.Builder builder = LocalPromptFloe.builder().host(host).port(port)
                    .timeScale(scale(spec, timeScale, realSchedule))
                    .log(line -> context.out.println(line));
            try {
                builder.apiKey(key).responseTimeout(duration(spec, "--timeout", timeout));
            } catch (IllegalArgumentException e) {
                throw usage(spec, e.getMessage());
            }
            try {
                running = builder.start();
            } catch (IOException e) {
                context.err.println("error: cannot listen on " + host + ":" + port + " (" + e.getMessage()
                        + "): stop what uses it, or choose another with --port N"
                        + (e instanceof BindException ? "" : ""));
                return EXIT_FAILED;
            }
            try (LocalPromptFloe promptFloe = running) {
                PrintStream out = context.out;
                out.println("Local PromptFloe listening on " + promptFloe.baseUri());
                out.println("Point the client and the CLI at it:");
                out.println("  export " + API_URL_VARIABLE + "=" + promptFloe.baseUri());
                out.println("  export " + API_KEY_VARIABLE + "=" + (apiKey != null ? "<the key given with --api-key>"
                        : key.equals("pf_local_dev_key") ? key : "<the key in $" + API_KEY_VARIABLE + ">"));
                out.println("Then: webhooks create --url ... --events ..., and emit --type deployment.live");
                Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
                stop.await();
            }
            return EXIT_OK;
        }
    }

    /** Where the local PromptFloe or PromptFloe is, and the key. */
    static final class Api {
        @Option(names = "--api-url", paramLabel = "URL", description = "PromptFloe's API base URL, such as "
                + "http://127.0.0.1:8090 for 'serve' (default: $" + API_URL_VARIABLE + ")")
        String apiUrl;
        @Option(names = "--api-key", paramLabel = "KEY", description = "the API key (default: $" + API_KEY_VARIABLE
                + "); never printed")
        String apiKey;
        @Option(names = "--auth-scheme", paramLabel = "WORD", description = "the word before the key in the "
                + "Authorization header (default Bearer; PromptFloe's documents do not name one)")
        String authScheme = "Bearer";

        WebhooksClient client(CommandSpec spec, Function<String, String> environment) {
            String url = apiUrl != null ? apiUrl : environment.apply(API_URL_VARIABLE);
            String key = apiKey != null ? apiKey : environment.apply(API_KEY_VARIABLE);
            if (url == null || url.isBlank()) {
                throw usage(spec, "--api-url is required (or set " + API_URL_VARIABLE + "), such as "
                        + "http://127.0.0.1:8090 for a local PromptFloe started with 'serve'");
            }
            if (key == null || key.isBlank()) {
                throw usage(spec, "--api-key is required (or set " + API_KEY_VARIABLE + ")");
            }
            try {
                return WebhooksClient.builder().baseUrl(new URI(url)).apiKey(key)
                        .authorization("Authorization", authScheme).build();
            } catch (URISyntaxException e) {
                throw usage(spec, "--api-url is not a URL: " + url);
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw usage(spec, e.getMessage());
            }
        }
    }

    @Command(name = "emit",
            header = "Make a local PromptFloe deliver an event to its subscriptions.",
            mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Asks a local PromptFloe ('serve') to deliver a fresh sample event to every enabled "
                    + "subscription that wants its type. The deliveries' attempts print in the 'serve' window."})
    static final class Emit implements Callable<Integer> {
        private final Context context;
        @Spec
        CommandSpec spec;
        @Mixin
        Api api;
        @Option(names = "--type", required = true, paramLabel = "TYPE", description = "a documented event type, such "
                + "as deployment.live")
        String type;

        Emit(Context context) {
            this.context = context;
        }

        @Override
        public Integer call() throws IOException, InterruptedException {
            if (EventType.fromWireName(type).isEmpty()) {
                throw usage(spec, "--type must be a documented event type: " + String.join(", ",
                        LocalPromptFloe.typeNames()));
            }
            try (WebhooksClient client = api.client(spec, context.environment)) {
                String key = api.apiKey != null ? api.apiKey : context.environment.apply(API_KEY_VARIABLE);
                HttpRequest request = HttpRequest.newBuilder(client.baseUrl().resolve("_local/events"))
                        .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                        .header("Authorization", api.authScheme + " " + key)
                        .POST(HttpRequest.BodyPublishers.ofString(JsonText.writeString(
                                Json.createObjectBuilder().add("type", type).build()))).build();
                HttpResponse<byte[]> response;
                try {
                    response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofByteArray());
                } catch (IOException e) {
                    context.err.println("error: no local PromptFloe answers at " + client.baseUrl() + " (" + e
                            + "): start one with 'serve'");
                    return EXIT_FAILED;
                }
                String body = new String(response.body(), StandardCharsets.UTF_8);
                if (response.statusCode() != 202) {
                    context.err.println("error: the local PromptFloe answered " + response.statusCode() + ": " + body);
                    return EXIT_FAILED;
                }
                JsonObject json = JsonText.readObject(response.body());
                var sent = json.getJsonArray("deliveries");
                context.out.println("Emitted " + type + " " + json.getString("eventId") + " to " + sent.size()
                        + " subscription(s)");
                for (JsonObject delivery : sent.getValuesAs(JsonObject.class)) {
                    context.out.println("  " + delivery.getString("deliveryId") + " -> " + delivery.getString("webhookId"));
                }
                return EXIT_OK;
            }
        }
    }

}
