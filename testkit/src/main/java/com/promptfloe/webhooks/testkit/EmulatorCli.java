package com.promptfloe.webhooks.testkit;

import com.promptfloe.webhooks.Secret;
import com.promptfloe.webhooks.event.EventType;
import com.promptfloe.webhooks.testkit.internal.CliArguments;
import com.promptfloe.webhooks.testkit.internal.CliArguments.UsageException;
import com.promptfloe.webhooks.testkit.internal.DeliveryStore;
import com.promptfloe.webhooks.internal.DurationText;
import com.promptfloe.webhooks.testkit.internal.Ids;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Run the delivery emulator from a shell: {@code java -jar promptfloe-webhooks-testkit-<version>-cli.jar demo --url ...}.
 *
 * <pre>{@code
 * java -jar promptfloe-webhooks-testkit-0.1.0-SNAPSHOT-cli.jar send \
 *     --url http://localhost:8080/webhooks/promptfloe --secret whsec_test --type deployment.live
 * }</pre>
 *
 * <p>Commands {@code send}, {@code replay} and {@code demo}; {@code --help} lists every option. It
 * prints one line per attempt (delivery, attempt, status, time) and exits with 0 when every
 * delivery was delivered (or, for {@code demo}, ended as expected), 1 when one did not, and 2 on a
 * usage error. {@link #run} does the same without exiting, for tests and launchers.
 */
public final class EmulatorCli {

    /** Every delivery delivered, or every demo delivery as expected. */
    public static final int EXIT_OK = 0;
    /** At least one delivery failed or ended otherwise than expected. */
    public static final int EXIT_FAILED = 1;
    /** The command line was wrong; nothing was sent. */
    public static final int EXIT_USAGE = 2;

    private static final String SECRET_VARIABLE = "PROMPTFLOE_WEBHOOKS_SECRET";
    private static final String JAR = "promptfloe-webhooks-testkit-<version>-cli.jar";

    private static final String COMMON_OPTIONS = """
              --url URL            the application's webhook endpoint, such as
                                   http://localhost:8080/webhooks/promptfloe (required)
              --secret SECRET      the signing secret the application verifies with; several,
                                   comma-separated, put one v1 per secret in the signature, as
                                   during a rotation (default: $PROMPTFLOE_WEBHOOKS_SECRET)
              --timeout DURATION   how long to wait for each response before the attempt counts as
                                   timed out and is retried: 10s, 500ms, PT10S (default 10s, as
                                   PromptFloe)
              --time-scale FACTOR  multiplies every retry delay of PromptFloe's schedule (1m, 5m,
                                   30m, 2h, 12h, 24h); the default %s turns 1m into %s and
                                   the whole schedule (about 38.6 hours) into about %s
              --real-schedule      PromptFloe's own delays, unscaled (the same as --time-scale 1):
                                   a refused delivery is then retried for 38.6 hours
              --help               this help
            """;

    private static final String OVERVIEW = """
            PromptFloe delivery emulator: delivers webhook events to your application exactly as
            PromptFloe does (Content-Type application/json, X-PromptFloe-Signature with a fresh
            signature per attempt, X-PromptFloe-Delivery, X-PromptFloe-Event; a 2xx answer within the
            timeout is success, anything else is retried after 1m, 5m, 30m, 2h, 12h and 24h; after
            the first attempt and six failed retries the delivery is reported failed).

            Usage: java -jar %s <command> [options]

            Commands:
              send     deliver one event (a sample of a type, or a JSON file), with retries
              replay   deliver an earlier 'send' again: same delivery id and body, fresh signature
              demo     a stream of mixed deliveries (valid, duplicate, concurrent duplicate, tampered,
                       stale, unknown type) with what a correct receiver answers to each

            Run 'java -jar %s <command> --help' for the options of a command.

            Every attempt prints one line: delivery id, attempt n/max, status (or timeout or
            unreachable), how long it took and when it was sent.

            Exit codes: 0 every delivery delivered (demo: every delivery as expected),
                        1 a delivery failed (demo: ended otherwise than expected),
                        2 usage error (nothing was sent).
            """;

    private static final String SEND_HELP = """
            Usage: java -jar %s send --url URL [--secret SECRET] [options]

            Delivers one event with PromptFloe's retries and remembers it for 'replay'.

            Options:
            %s  --type TYPE          without --file: the event type whose built-in sample is sent,
                                   with a new event id and the current time, such as deployment.live
                                   (default); a type that is not documented sends a sample of an
                                   unknown type. With --file: the X-PromptFloe-Event header
                                   (default: the file's "type")
              --file PATH          send this file's bytes exactly as they are
              --delivery-id ID     the X-PromptFloe-Delivery value (default: a new deliv_... id)
              --duplicates N       after the first, send N more copies of the same delivery (same
                                   id, same body, each freshly signed) (default 0)
              --concurrent         send the first and its duplicates at the same moment instead of
                                   one after the other
              --store DIR          where sent deliveries are kept for replay
                                   (default %s)

            Types: %s
            """;

    private static final String REPLAY_HELP = """
            Usage: java -jar %s replay --url URL --delivery-id ID [--secret SECRET] [options]

            Sends a delivery that 'send' sent before again, as PromptFloe's replay endpoint does: the
            same delivery id and body with a new signature. A receiver that processed it answers 200
            duplicate without processing it again.

            Options:
            %s  --delivery-id ID     the delivery to replay (required)
              --store DIR          where 'send' kept it (default %s)
            """;

    private static final String DEMO_HELP = """
            Usage: java -jar %s demo --url URL [--secret SECRET] [options]

            Sends a stream of deliveries and states for each what a correct receiver answers:
              valid deliveries of four types         200 processed
              the first one again (same delivery)    200 duplicate
              3 concurrent copies of a new delivery  all acknowledged, processed once
              a body changed after signing           401 (single attempt, not retried)
              a signature an hour old                401 (single attempt, not retried)
              an unknown event type                  200
            Every run uses new event and delivery ids, so it can run again against the same
            application. Exit code 1 when any delivery ended otherwise than expected.

            Options:
            %s""";

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
     * @param out where attempts and results go
     * @param err where usage errors go
     * @return the exit code: {@link #EXIT_OK}, {@link #EXIT_FAILED} or {@link #EXIT_USAGE}
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, System::getenv);
    }

    static int run(String[] args, PrintStream out, PrintStream err, Function<String, String> environment) {
        List<String> all = Arrays.asList(args);
        if (all.isEmpty() || all.get(0).equals("--help") || all.get(0).equals("-h") || all.get(0).equals("help")) {
            (all.isEmpty() ? err : out).print(OVERVIEW.formatted(JAR, JAR));
            return all.isEmpty() ? EXIT_USAGE : EXIT_OK;
        }
        String command = all.get(0);
        List<String> options = all.subList(1, all.size());
        boolean help = options.contains("--help") || options.contains("-h");
        try {
            switch (command) {
                case "send" -> {
                    if (help) {
                        out.print(SEND_HELP.formatted(JAR, commonOptions(),
                                DeliveryStore.defaultDirectory(), typeNames()));
                        return EXIT_OK;
                    }
                    return send(options, out, environment);
                }
                case "replay" -> {
                    if (help) {
                        out.print(REPLAY_HELP.formatted(JAR, commonOptions(),
                                DeliveryStore.defaultDirectory()));
                        return EXIT_OK;
                    }
                    return replay(options, out, environment);
                }
                case "demo" -> {
                    if (help) {
                        out.print(DEMO_HELP.formatted(JAR, commonOptions()));
                        return EXIT_OK;
                    }
                    return demo(options, out, environment);
                }
                default -> throw new UsageException("unknown command '" + command + "'; use send, replay or demo");
            }
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            err.println("Run 'java -jar " + JAR + " " + (Set.of("send", "replay", "demo").contains(command)
                    ? command + " " : "") + "--help' for usage.");
            return EXIT_USAGE;
        }
    }

    private static final Set<String> COMMON = Set.of("--url", "--secret", "--timeout", "--time-scale");
    private static final String REAL_SCHEDULE = "--real-schedule";

    /**
     * Interactive runs should end in seconds, so every command compresses PromptFloe's schedule by
     * default; {@code --real-schedule} is one flag away for a soak against the true delays.
     */
    static final double DEFAULT_TIME_SCALE = DemoStream.DEFAULT_TIME_SCALE;

    private static String commonOptions() {
        double wholeSchedule = DeliveryEmulator.PROMPTFLOE_SCHEDULE.stream()
                .mapToDouble(Duration::toMillis).sum() * DEFAULT_TIME_SCALE;
        return COMMON_OPTIONS.formatted(plain(DEFAULT_TIME_SCALE),
                Math.round(Duration.ofMinutes(1).toMillis() * DEFAULT_TIME_SCALE) + " ms",
                Math.round(wholeSchedule / 1000) + " s");
    }

    private static int send(List<String> options, PrintStream out, Function<String, String> environment)
            throws UsageException {
        CliArguments args = CliArguments.parse(options, union(COMMON, "--type", "--file", "--delivery-id",
                "--duplicates", "--store"), Set.of("--concurrent", REAL_SCHEDULE));
        Common common = common(args, environment);
        int duplicates = integer(args.value("--duplicates").orElse("0"), "--duplicates");
        Delivery delivery = delivery(args);
        DeliveryStore store = new DeliveryStore(store(args));
        try {
            store.save(delivery);
        } catch (IOException e) {
            throw new UsageException("cannot keep the delivery for replay in " + store.directory() + ": " + e);
        }
        out.println("Sending " + delivery.eventType() + " as " + delivery.deliveryId() + " to " + common.url
                + (duplicates > 0 ? " with " + duplicates + (args.flag("--concurrent") ? " concurrent" : "")
                        + " duplicate(s)" : ""));
        List<DeliveryResult> results = emulator(common, out).deliverCopies(delivery, duplicates + 1,
                args.flag("--concurrent"));
        return report(results, out);
    }

    private static int replay(List<String> options, PrintStream out, Function<String, String> environment)
            throws UsageException {
        CliArguments args = CliArguments.parse(options, union(COMMON, "--delivery-id", "--store"),
                Set.of(REAL_SCHEDULE));
        Common common = common(args, environment);
        String deliveryId = args.required("--delivery-id");
        DeliveryStore store = new DeliveryStore(store(args));
        Delivery delivery;
        try {
            delivery = store.load(deliveryId).orElseThrow(() -> new UsageException("no delivery " + deliveryId
                    + " was sent with this store (" + store.directory() + "); send it first, or pass --store"));
        } catch (IOException e) {
            throw new UsageException("cannot read delivery " + deliveryId + " from " + store.directory() + ": " + e);
        }
        out.println("Replaying " + delivery.eventType() + " delivery " + deliveryId + " to " + common.url);
        return report(List.of(emulator(common, out).deliver(delivery)), out);
    }

    private static int demo(List<String> options, PrintStream out, Function<String, String> environment)
            throws UsageException {
        CliArguments args = CliArguments.parse(options, COMMON, Set.of(REAL_SCHEDULE));
        Common common = common(args, environment);
        DemoResult result = DemoStream.builder().url(common.url).secrets(common.secrets).out(out)
                .timeScale(common.timeScale).responseTimeout(common.timeout).build().run();
        return result.exitCode();
    }

    private static DeliveryEmulator emulator(Common common, PrintStream out) {
        return DeliveryEmulator.builder().url(common.url).secrets(common.secrets).clock(Clock.systemUTC())
                .timeScale(common.timeScale).responseTimeout(common.timeout)
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

    private static Delivery delivery(CliArguments args) throws UsageException {
        String deliveryId = args.value("--delivery-id").orElse(null);
        Optional<String> type = args.value("--type");
        Optional<String> file = args.value("--file");
        Delivery delivery;
        if (file.isPresent()) {
            byte[] body;
            try {
                body = Files.readAllBytes(Path.of(file.get()));
            } catch (NoSuchFileException e) {
                throw new UsageException("--file " + file.get() + " does not exist");
            } catch (IOException e) {
                throw new UsageException("cannot read --file " + file.get() + ": " + e);
            }
            String id = deliveryId != null ? deliveryId : Ids.next("deliv_");
            if (type.isPresent()) {
                delivery = Delivery.of(id, type.get(), body);
            } else {
                try {
                    delivery = Delivery.of(id, body);
                } catch (IllegalArgumentException e) {
                    throw new UsageException("--file " + file.get() + ": " + e.getMessage() + " (--type)");
                }
            }
        } else {
            String wireName = type.orElse(EventType.DEPLOYMENT_LIVE.wireName());
            Fixtures fixtures = Fixtures.withClock(Clock.systemUTC());
            Envelope envelope = EventType.fromWireName(wireName).map(fixtures::fresh)
                    .orElseGet(() -> fixtures.freshUnknown(wireName));
            delivery = Delivery.of(envelope);
            if (deliveryId != null) {
                delivery = delivery.withDeliveryId(deliveryId);
            }
        }
        return delivery;
    }

    private record Common(URI url, List<Secret> secrets, Duration timeout, double timeScale) {
    }

    private static Common common(CliArguments args, Function<String, String> environment)
            throws UsageException {
        URI url;
        String rawUrl = args.required("--url");
        try {
            url = new URI(rawUrl);
            DeliveryEmulator.builder().url(url);
            if (url.getHost() == null) {
                throw new UsageException("--url needs a host: " + rawUrl);
            }
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new UsageException("--url is not an http(s) URL: " + rawUrl);
        }
        String rawSecret = args.value("--secret").orElseGet(() -> environment.apply(SECRET_VARIABLE));
        if (rawSecret == null || rawSecret.isBlank()) {
            throw new UsageException("--secret is required (or set " + SECRET_VARIABLE + ")");
        }
        List<Secret> secrets = new ArrayList<>();
        for (String part : rawSecret.split(",")) {
            try {
                secrets.add(Secret.of(part.strip()));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--secret: " + e.getMessage());
            }
        }
        Duration timeout;
        try {
            String text = args.value("--timeout").orElse("10s");
            timeout = DurationText.parse(text).orElseThrow(() -> new IllegalArgumentException(
                    "not a duration: '" + text + "'; " + DurationText.FORMS));
            DeliveryEmulator.builder().responseTimeout(timeout);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--timeout: " + e.getMessage());
        }
        if (args.flag(REAL_SCHEDULE) && args.value("--time-scale").isPresent()) {
            throw new UsageException(REAL_SCHEDULE + " and --time-scale contradict each other: give one");
        }
        double scale;
        String rawScale = args.value("--time-scale")
                .orElse(Double.toString(args.flag(REAL_SCHEDULE) ? 1.0 : DEFAULT_TIME_SCALE));
        try {
            scale = Double.parseDouble(rawScale);
            DeliveryEmulator.builder().timeScale(scale);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--time-scale must be a positive number, such as 0.001: " + rawScale);
        }
        return new Common(url, secrets, timeout, scale);
    }

    private static int integer(String text, String option) throws UsageException {
        try {
            int value = Integer.parseInt(text);
            if (value < 0 || value > 1000) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new UsageException(option + " must be a whole number from 0 to 1000: " + text);
        }
    }

    private static Path store(CliArguments args) {
        return args.value("--store").map(Path::of).orElseGet(DeliveryStore::defaultDirectory);
    }

    private static Set<String> union(Set<String> base, String... more) {
        Set<String> all = new java.util.HashSet<>(base);
        all.addAll(List.of(more));
        return all;
    }

    static String plain(double number) {
        return java.math.BigDecimal.valueOf(number).stripTrailingZeros().toPlainString();
    }

    private static String typeNames() {
        return String.join(",\n       ", Arrays.stream(EventType.values()).map(EventType::wireName).toList());
    }
}
