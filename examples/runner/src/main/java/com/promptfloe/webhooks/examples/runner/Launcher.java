package com.promptfloe.webhooks.examples.runner;

import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

import com.promptfloe.webhooks.Secret;
import com.promptfloe.webhooks.emulator.DemoResult;
import com.promptfloe.webhooks.emulator.DemoStream;

/**
 * Run an example WAR on embedded Jetty, play the emulator's demo stream against it, and keep
 * serving: {@code ./quickstart.sh [--port 8088] [--no-demo]} calls this.
 *
 * <pre>{@code
 * java -cp ... com.promptfloe.webhooks.examples.runner.Launcher \
 *     --war examples/quickstart/target/promptfloe-webhooks-example-quickstart-0.1.0-SNAPSHOT.war --port 8088
 * }</pre>
 *
 * <p>Tests call {@link #start(String[], PrintStream)}, which does everything but wait for Ctrl-C.
 */
public final class Launcher {

    /** The key the library reads its mode from. */
    static final String MODE_KEY = "promptfloe.webhooks.mode";
    /** The key that selects the library's ledger. */
    static final String LEDGER_KEY = "promptfloe.webhooks.ledger";

    /** The port used when {@code --port} is not given; WildFly's 8080 stays free for the ITs. */
    public static final int DEFAULT_PORT = 8088;

    static final String USAGE = """
            Usage: Launcher --war PATH [--port N] [--context PATH] [--secret SECRET] [--no-demo] [--no-mp-config]
                            [--console] [--mode dispatch|inbox] [--jdbc-url URL [--jdbc-user USER] [--jdbc-password PASSWORD]]

              --war PATH       the example WAR (.war file or exploded directory)
              --port N         port to listen on, on 127.0.0.1 (default 8088; 0 picks a free one)
              --context PATH   context path of the application (default /)
              --secret SECRET  secret the demo signs with (default: the one the application is
                               configured with, e.g. PROMPTFLOE_WEBHOOKS_SECRET)
              --no-demo        start and serve only; do not play the demo stream
              --no-mp-config   hide MicroProfile Config from the application (a plain servlet container)
              --console        turn the delivery console on, with FORM login through the WAR's
                               /login.html and two demo-only users whose new random passwords are
                               printed (./quickstart.sh passes it for the quickstart example)
              --mode MODE      dispatch (default: observers run inside the request) or inbox (store,
                               answer 202, observers run afterwards from the database)
              --jdbc-url URL   a database for the application, as a pooled DataSource bound at
                               java:comp/DefaultDataSource: with dispatch the jdbc ledger uses it (a
                               cluster of nodes on one database), with inbox the inbox does. Default:
                               none with dispatch (in-memory ledger), an in-memory H2 with inbox.
                               PostgreSQL and H2 URLs work, e.g.
                               jdbc:postgresql://127.0.0.1:5432/test
              --jdbc-user USER, --jdbc-password PASSWORD
                               the database's credentials, when it needs them
            """;

    // Held so the level set on them is not lost when the logger is garbage-collected.
    private static final java.util.logging.Logger WELD_LOG = java.util.logging.Logger.getLogger("org.jboss.weld");
    // Weld's service loader logs under this bare name.
    private static final java.util.logging.Logger WELD_SERVICE_LOADER_LOG = java.util.logging.Logger.getLogger(
            "ServiceLoader");

    private Launcher() {
    }

    // One line per log record, and no Weld start-up banner, so the demo's own lines stand out;
    // the library's INFO lines (what it registered, what it refused and why) stay.
    private static void quietLogging() {
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%4$s %3$s: %5$s%6$s%n");
        }
        WELD_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    /**
     * Start the server, play the demo unless {@code --no-demo}, and serve until Ctrl-C.
     *
     * @param args see {@code --help}
     * @throws Exception when the server cannot start
     */
    public static void main(String[] args) throws Exception {
        quietLogging();
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        if (options.help) {
            System.out.print(USAGE);
            return;
        }
        if (!options.microProfileConfig) {
            // With MicroProfile Config hidden, Weld still finds SmallRye's extension listed in the
            // container's META-INF/services and warns it cannot load it: expected, so not shown.
            WELD_SERVICE_LOADER_LOG.setLevel(java.util.logging.Level.SEVERE);
        }
        Started started;
        try {
            started = start(options, System.out);
        } catch (BindException | PortTakenException e) {
            System.err.println(e.getMessage());
            System.exit(1);
            return;
        }
        System.out.println();
        System.out.println("Serving " + started.server().baseUri() + " until you press Ctrl-C.");
        started.server().join();
    }

    /**
     * Do everything {@link #main} does except wait: start the server, print its URLs, and play the
     * demo unless {@code --no-demo}. The caller closes the returned server.
     *
     * @param args the command-line arguments, as for {@link #main}
     * @param out  where to print the URLs and the demo's lines
     * @return the running server and, unless {@code --no-demo}, what the demo saw
     * @throws Exception when the server cannot start
     */
    public static Started start(String[] args, PrintStream out) throws Exception {
        return start(Options.parse(args), out);
    }

    private static Started start(Options options, PrintStream out) throws Exception {
        DemoConsole console = options.console ? DemoConsole.withRandomPasswords() : null;
        ExampleServer server;
        try {
            ExampleServer.Builder builder = ExampleServer.builder(options.war).port(options.port)
                    .contextPath(options.context).microProfileConfig(options.microProfileConfig);
            String jdbcUrl = options.jdbcUrl();
            if (jdbcUrl != null) {
                builder.dataSource(jdbcUrl, options.jdbcUser, options.jdbcPassword);
            }
            // Context parameters, so the command line wins over the WAR's MicroProfile Config file
            // and leaves every other key (tables, backoff, ...) to it and to system properties.
            if (console != null) {
                console.configure(builder);
            }
            if (options.inbox) {
                builder.initParameter(MODE_KEY, "inbox").managedExecutors(true);
            } else if (jdbcUrl != null) {
                builder.initParameter(LEDGER_KEY, "jdbc");
            }
            server = builder.start();
        } catch (IOException e) {
            if (e instanceof BindException || e.getCause() instanceof BindException) {
                throw new PortTakenException("Port " + options.port + " is taken on 127.0.0.1: stop what uses it, or "
                        + "choose another with --port N (0 picks a free one).", e);
            }
            throw e;
        }
        try {
            out.println();
            out.println("PromptFloe webhooks example is running (Jetty 12 + Weld + "
                    + (options.microProfileConfig ? "SmallRye Config" : "no MicroProfile Config") + "):");
            out.println("  webhook URL (POST):     " + server.webhookUri());
            out.println("  received events (GET):  " + server.receivedUri());
            if (options.jdbcUrl() != null) {
                out.println("  " + (options.inbox ? "mode inbox, inbox on:  " : "jdbc ledger on:         ")
                        + redacted(options.jdbcUrl()) + "  (java:comp/" + ExampleServer.DEFAULT_DATASOURCE + ")");
            }
            URI metrics = server.baseUri().resolve("metrics");
            if (answers(metrics)) {
                out.println("  metrics (GET):          " + metrics + "  (promptfloe_webhooks_deliveries_total, ...)");
            }
            // Only a library with the console answers there (a redirect to the login page).
            boolean consoleUp = console != null && status(console.uri(server)) != 404;
            if (consoleUp) {
                out.println("  delivery console (GET): " + console.uri(server) + "  (log-ins below)");
            }
            out.println();
            DemoResult demo = null;
            if (options.demo) {
                Secret secret = demoSecret(options, server);
                demo = DemoStream.run(server.webhookUri(), secret, out);
                out.println();
                out.println("GET " + server.receivedUri() + " now answers:");
                out.println(get(server.receivedUri()));
            }
            if (consoleUp) {
                out.println();
                console.printLogins(server, out);
            }
            return new Started(server, Optional.ofNullable(demo), Optional.ofNullable(console));
        } catch (Exception | Error e) {
            server.close();
            throw e;
        }
    }

    // The demo must sign with the secret the application verifies with; asking the application's
    // own configuration (environment variable, then its microprofile-config.properties) keeps the
    // two in step. With several secrets (rotation) the first one signs.
    private static Secret demoSecret(Options options, ExampleServer server) {
        String value = options.secret != null ? options.secret
                : server.config(ExampleServer.SECRET_KEY).orElseThrow(() -> new IllegalStateException(
                        "the application has no " + ExampleServer.SECRET_KEY + ": set PROMPTFLOE_WEBHOOKS_SECRET "
                                + "or pass --secret"));
        return Secret.of(value.split(",")[0].trim());
    }

    /** Whether the example serves this page (the quickstart has /metrics, web-xml has not). */
    private static boolean answers(URI uri) throws IOException, InterruptedException {
        return status(uri) == 200;
    }

    private static int status(URI uri) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    // A JDBC URL may carry a password as a parameter; the console shows none.
    private static String redacted(String jdbcUrl) {
        return jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    private static String get(URI uri) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.body().replace("},{", "},\n {");
    }

    /**
     * A running example and what its demo stream saw.
     *
     * @param server  the running server; close it to stop
     * @param demo    the demo's result, empty with {@code --no-demo}
     * @param console the console's users, empty without {@code --console}
     */
    public record Started(ExampleServer server, Optional<DemoResult> demo, Optional<DemoConsole> console) {
    }

    /** The port is in use; the message says how to pick another. */
    static final class PortTakenException extends IOException {
        PortTakenException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final class Options {
        Path war;
        int port = DEFAULT_PORT;
        String context = "/";
        String secret;
        boolean demo = true;
        boolean microProfileConfig = true;
        boolean inbox;
        boolean console;
        String jdbcUrl;
        String jdbcUser;
        String jdbcPassword;
        boolean help;
        // One in-memory H2 per launch, so two servers in one JVM (tests) never share an inbox.
        private final String defaultInboxUrl = "jdbc:h2:mem:promptfloe-inbox-" + java.util.UUID.randomUUID()
                + ";DB_CLOSE_DELAY=-1";

        /** The database the application gets: the given one, else an in-memory H2 in inbox mode. */
        String jdbcUrl() {
            return jdbcUrl != null ? jdbcUrl : inbox ? defaultInboxUrl : null;
        }

        static Options parse(String[] args) {
            Options options = new Options();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--war" -> options.war = Path.of(value(args, ++i, arg));
                    case "--port" -> options.port = port(value(args, ++i, arg));
                    case "--context" -> options.context = value(args, ++i, arg);
                    case "--secret" -> options.secret = value(args, ++i, arg);
                    case "--no-demo" -> options.demo = false;
                    case "--no-mp-config" -> options.microProfileConfig = false;
                    case "--console" -> options.console = true;
                    case "--mode" -> options.inbox = mode(value(args, ++i, arg));
                    case "--jdbc-url" -> options.jdbcUrl = value(args, ++i, arg);
                    case "--jdbc-user" -> options.jdbcUser = value(args, ++i, arg);
                    case "--jdbc-password" -> options.jdbcPassword = value(args, ++i, arg);
                    case "-h", "--help" -> options.help = true;
                    default -> throw new IllegalArgumentException("Unknown option " + arg + " in "
                            + Arrays.toString(args));
                }
            }
            if (options.war == null && !options.help) {
                throw new IllegalArgumentException("--war PATH is required");
            }
            if (options.jdbcUrl != null && !options.jdbcUrl.startsWith("jdbc:")) {
                throw new IllegalArgumentException("--jdbc-url must be a JDBC URL (jdbc:postgresql://..., jdbc:h2:...): "
                        + options.jdbcUrl);
            }
            if (options.jdbcUrl == null && (options.jdbcUser != null || options.jdbcPassword != null)) {
                throw new IllegalArgumentException("--jdbc-user and --jdbc-password need --jdbc-url");
            }
            return options;
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }

        private static boolean mode(String text) {
            return switch (text) {
                case "inbox" -> true;
                case "dispatch" -> false;
                default -> throw new IllegalArgumentException("--mode must be dispatch or inbox: " + text);
            };
        }

        private static int port(String text) {
            try {
                int port = Integer.parseInt(text);
                if (port < 0 || port > 65535) {
                    throw new NumberFormatException();
                }
                return port;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--port must be a number from 0 to 65535: " + text);
            }
        }
    }
}
