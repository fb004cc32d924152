package com.promptfloe.webhooks.examples.runner;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;

import org.eclipse.jetty.ee10.annotations.AnnotationConfiguration;
import org.eclipse.jetty.ee10.cdi.CdiConfiguration;
import org.eclipse.jetty.ee10.cdi.CdiDecoratingListener;
import org.eclipse.jetty.ee10.cdi.CdiServletContainerInitializer;
import org.eclipse.jetty.ee10.plus.webapp.EnvConfiguration;
import org.eclipse.jetty.ee10.plus.webapp.PlusConfiguration;
import org.eclipse.jetty.ee10.webapp.MetaInfConfiguration;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ClassMatcher;
import org.eclipse.microprofile.config.ConfigProvider;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * Start an example WAR on embedded Jetty 12 (ee10) with Weld, SmallRye Config and Yasson, the way a
 * Jakarta EE web profile server would run it.
 *
 * <pre>{@code
 * try (ExampleServer server = ExampleServer.builder(Path.of("target/my-app.war")).port(0).start()) {
 *     HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.receivedUri()).build(), ofString());
 * }
 * }</pre>
 *
 * <p>The container, not the WAR, brings CDI, MicroProfile Config and JSON-B, so the example WARs
 * contain only the application and {@code promptfloe-webhooks-jakarta-ee}; the library's
 * {@code ServletContainerInitializer}, {@code web-fragment.xml} and CDI extension are found in
 * {@code WEB-INF/lib} as on any server.
 */
public final class ExampleServer implements AutoCloseable {

    /** The key the library reads the webhook secret from. */
    public static final String SECRET_KEY = "promptfloe.webhooks.secret";
    /** The key the library reads the webhook path from. */
    public static final String PATH_KEY = "promptfloe.webhooks.path";
    /** The library's default webhook path, used when nothing configures another. */
    public static final String DEFAULT_PATH = "/webhooks/promptfloe";

    /** Where the application finds the DataSource given by {@link Builder#dataSource}, under {@code java:comp}. */
    public static final String DEFAULT_DATASOURCE = "DefaultDataSource";

    /** Jakarta Concurrency's default executors, bound under {@code java:comp} by {@link Builder#managedExecutors}. */
    public static final String DEFAULT_EXECUTOR = "DefaultManagedExecutorService";
    /** See {@link #DEFAULT_EXECUTOR}. */
    public static final String DEFAULT_SCHEDULED_EXECUTOR = "DefaultManagedScheduledExecutorService";

    private static final int EXECUTOR_THREADS = 10;
    private static final String FILTER_CLASS = "com.promptfloe.webhooks.jakarta.PromptFloeWebhookFilter";
    private static final String WELD_INITIALIZER = "org.jboss.weld.environment.servlet.EnhancedListener";

    private final Server server;
    private final WebAppContext webapp;
    private final ServerConnector connector;
    private final String host;
    private final boolean microProfileConfig;
    private final HikariDataSource dataSource;
    private final ScheduledExecutorService executor;

    private ExampleServer(Builder builder) {
        this.host = builder.host;
        this.microProfileConfig = builder.microProfileConfig;
        this.server = new Server();
        this.connector = new ServerConnector(server);
        connector.setHost(builder.host);
        connector.setPort(builder.port);
        server.addConnector(connector);

        webapp = new WebAppContext();
        webapp.setContextPath(builder.contextPath);
        webapp.setWar(builder.war.toAbsolutePath().toString());
        webapp.setThrowUnavailableOnStartupException(true);
        // Container initializers are found without scanning any container jar (WEB-INF/lib jars,
        // where the library sits, are always scanned), so scan none: it saves a second at start-up.
        webapp.setAttribute(MetaInfConfiguration.CONTAINER_JAR_PATTERN, "^$");
        // Jetty must tell Weld how to decorate before Weld starts, or Weld finds "no supported
        // servlet container" and @Inject stays null in filters; the application's own come after.
        webapp.setAttribute(AnnotationConfiguration.SERVLET_CONTAINER_INITIALIZER_ORDER,
                CdiServletContainerInitializer.class.getName() + ", " + WELD_INITIALIZER + ", *");
        // Weld installs itself as Jetty's decorator, so @Inject works in filters and servlets
        // (without it, injected fields of filters stay null).
        webapp.setInitParameter(CdiServletContainerInitializer.CDI_INTEGRATION_ATTRIBUTE,
                CdiDecoratingListener.MODE);
        webapp.addConfiguration(new EnvConfiguration(), new PlusConfiguration(),
                new AnnotationConfiguration(), new CdiConfiguration());
        if (!builder.microProfileConfig) {
            // Behave like a plain servlet container: the WAR cannot see MicroProfile Config.
            // Weld still sees SmallRye's META-INF/services entry and logs once that it "could not
            // load service class io.smallrye.config.inject.ConfigExtension": expected here.
            webapp.addHiddenClassMatcher(new ClassMatcher("org.eclipse.microprofile.config.", "io.smallrye.config."));
        }
        builder.initParameters.forEach(webapp::setInitParameter);
        if (builder.formLogin != null) {
            builder.formLogin.applyTo(webapp);
        }
        this.dataSource = builder.jdbcUrl == null ? null : pool(builder);
        this.executor = builder.managedExecutors ? Executors.newScheduledThreadPool(EXECUTOR_THREADS,
                applicationThreads()) : null;
        Map<String, Object> resources = new LinkedHashMap<>();
        if (dataSource != null) {
            resources.put(DEFAULT_DATASOURCE, dataSource);
        }
        if (executor != null) {
            resources.put(DEFAULT_EXECUTOR, executor);
            resources.put(DEFAULT_SCHEDULED_EXECUTOR, executor);
        }
        if (!resources.isEmpty()) {
            webapp.addConfiguration(new DefaultResources(resources));
        }
        server.setHandler(webapp);
        server.setStopAtShutdown(true);
    }

    // Jakarta Concurrency's default executors run tasks in the application's context; here that
    // is its class loader, which CDI and JNDI look things up through.
    private ThreadFactory applicationThreads() {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "example-managed-executor-" + count.incrementAndGet());
            thread.setDaemon(true);
            thread.setContextClassLoader(webapp.getClassLoader());
            return thread;
        };
    }

    // A pool, as an application server gives: the library opens a connection per delivery. It
    // starts even when the database is down (its deliveries get 503 until it is back), and waits
    // for a connection less than PromptFloe's 10 seconds so that answer arrives in time.
    private static HikariDataSource pool(Builder builder) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("example-" + DEFAULT_DATASOURCE);
        config.setJdbcUrl(builder.jdbcUrl);
        config.setUsername(builder.jdbcUser);
        config.setPassword(builder.jdbcPassword);
        config.setMaximumPoolSize(10);
        config.setConnectionTimeout(Duration.ofSeconds(3).toMillis());
        config.setInitializationFailTimeout(-1);
        return new HikariDataSource(config);
    }

    /**
     * Start describing a server for the WAR at {@code war} (a {@code .war} file or an exploded
     * directory).
     *
     * @param war the application to deploy
     * @return a builder; call {@link Builder#start()} to run it
     */
    public static Builder builder(Path war) {
        return new Builder(war);
    }

    /**
     * The root of the application, with a trailing slash.
     *
     * @return for example {@code http://127.0.0.1:8088/}
     */
    public URI baseUri() {
        String context = webapp.getContextPath();
        String path = context.endsWith("/") ? context : context + "/";
        return URI.create("http://" + hostForUri() + ":" + connector.getLocalPort() + path);
    }

    /**
     * The URL PromptFloe should deliver to: where the library's filter is mapped, whether it
     * registered itself or web.xml declares it; else the configured {@value #PATH_KEY} (default
     * {@value #DEFAULT_PATH}).
     *
     * @return the webhook URL
     */
    public URI webhookUri() {
        String path = webapp.getServletContext().getFilterRegistrations().values().stream()
                .filter(filter -> FILTER_CLASS.equals(filter.getClassName()))
                .flatMap(filter -> filter.getUrlPatternMappings().stream())
                .filter(pattern -> pattern.startsWith("/") && !pattern.contains("*"))
                .findFirst()
                .or(() -> config(PATH_KEY))
                .orElse(DEFAULT_PATH);
        return baseUri().resolve(path.startsWith("/") ? path.substring(1) : path);
    }

    /**
     * The example's own endpoint that lists, as JSON, the events its observers saw.
     *
     * @return {@code <root>/received}
     */
    public URI receivedUri() {
        return baseUri().resolve("received");
    }

    /**
     * Look a configuration value up the way the deployed application sees it: MicroProfile Config
     * through the application's class loader (environment variables, system properties and its
     * {@code microprofile-config.properties}), else a context parameter, else an init parameter of
     * any filter.
     *
     * @param key a key such as {@value #SECRET_KEY}
     * @return the value, or empty when nothing sets it
     */
    public Optional<String> config(String key) {
        Objects.requireNonNull(key, "key");
        if (microProfileConfig) {
            Optional<String> value = ConfigProvider.getConfig(webapp.getClassLoader())
                    .getOptionalValue(key, String.class);
            if (value.isPresent()) {
                return value;
            }
        }
        ServletContext context = webapp.getServletContext();
        String param = context.getInitParameter(key);
        if (param != null) {
            return Optional.of(param);
        }
        for (FilterRegistration filter : context.getFilterRegistrations().values()) {
            String value = filter.getInitParameter(key);
            if (value != null) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }

    /**
     * Block until the server stops (Ctrl-C stops it through a shutdown hook).
     *
     * @throws InterruptedException if the waiting thread is interrupted
     */
    public void join() throws InterruptedException {
        server.join();
    }

    /** Stop the server, undeploy the application and close its DataSource; safe to call twice. */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping the server", e);
        } catch (Exception e) {
            throw new IllegalStateException("could not stop the server cleanly", e);
        } finally {
            if (executor != null) {
                executor.shutdownNow();
            }
            if (dataSource != null) {
                dataSource.close();
            }
        }
    }

    private String hostForUri() {
        if (host == null || host.isEmpty() || "0.0.0.0".equals(host)) {
            return "localhost";
        }
        return host.contains(":") ? "[" + host + "]" : host;
    }

    private void start() throws Exception {
        try {
            server.start();
        } catch (Exception e) {
            server.stop();
            throw e;
        }
        if (!webapp.isAvailable()) {
            server.stop();
            throw new IllegalStateException("the application did not deploy; see the log above",
                    webapp.getUnavailableException());
        }
    }

    /** Settings for an {@link ExampleServer}; every setting has a default except the WAR. */
    public static final class Builder {
        private final Path war;
        private String host = "127.0.0.1";
        private int port = 8088;
        private String contextPath = "/";
        private boolean microProfileConfig = true;
        private final Map<String, String> initParameters = new LinkedHashMap<>();
        private String jdbcUrl;
        private String jdbcUser;
        private String jdbcPassword;
        private boolean managedExecutors;
        private FormLogin formLogin;

        private Builder(Path war) {
            Objects.requireNonNull(war, "war");
            if (!Files.exists(war)) {
                throw new IllegalArgumentException("no WAR at " + war.toAbsolutePath()
                        + ": build it first (mvn -pl examples/quickstart -am package -DskipTests)");
            }
            this.war = war;
        }

        /**
         * Listen on this port; 0 picks a free one.
         *
         * @param port 0 to 65535; default 8088
         * @return this builder
         */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be between 0 and 65535: " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * Listen on this address.
         *
         * @param host an address or name; default {@code 127.0.0.1}, so nothing outside this
         *     machine can post to the demo
         * @return this builder
         */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /**
         * Deploy the application under this context path.
         *
         * @param contextPath {@code /} (the default) or a path such as {@code /shop}
         * @return this builder
         */
        public Builder contextPath(String contextPath) {
            Objects.requireNonNull(contextPath, "contextPath");
            if (!contextPath.startsWith("/")) {
                throw new IllegalArgumentException("context path must start with '/': " + contextPath);
            }
            this.contextPath = contextPath;
            return this;
        }

        /**
         * Whether the application can see MicroProfile Config (SmallRye Config); default true.
         * False hides it, as on a plain servlet container.
         *
         * @param enabled false to hide MicroProfile Config from the application
         * @return this builder
         */
        public Builder microProfileConfig(boolean enabled) {
            this.microProfileConfig = enabled;
            return this;
        }

        /**
         * Set a context parameter of the application ({@code <context-param>} in web.xml); the
         * library reads its keys there before MicroProfile Config.
         *
         * @param name  a key such as {@code promptfloe.webhooks.mode}
         * @param value its value
         * @return this builder
         */
        public Builder initParameter(String name, String value) {
            initParameters.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Give the application a pooled DataSource (HikariCP) on this database, bound as
         * {@code java:comp/DefaultDataSource} like a full server's default one; the pool is closed
         * with the server.
         *
         * @param url      a JDBC URL such as {@code jdbc:postgresql://127.0.0.1:5432/test}; its driver
         *     must be on the class path (PostgreSQL's and H2's are)
         * @param user     the user, or null for the driver's default
         * @param password the password, or null for none
         * @return this builder
         */
        public Builder dataSource(String url, String user, String password) {
            Objects.requireNonNull(url, "url");
            if (!url.startsWith("jdbc:")) {
                throw new IllegalArgumentException("a JDBC URL starts with 'jdbc:': " + url);
            }
            this.jdbcUrl = url;
            this.jdbcUser = user;
            this.jdbcPassword = password;
            return this;
        }

        /**
         * Whether to bind Jakarta Concurrency's default executors, as a full server does
         * ({@code java:comp/DefaultManagedExecutorService} and {@code ...ScheduledExecutorService},
         * one pool of 10 threads in the application's context); default false. The library's inbox
         * worker runs observers on them, several at once, instead of one by one on a thread of its own.
         *
         * @param enabled true to bind them
         * @return this builder
         */
        public Builder managedExecutors(boolean enabled) {
            this.managedExecutors = enabled;
            return this;
        }

        /**
         * Authenticate users the container's way, with a FORM login page of the application and
         * these users; default none (the application's security constraints then admit no one).
         *
         * @param login the login pages and the users
         * @return this builder
         */
        public Builder formLogin(FormLogin login) {
            this.formLogin = Objects.requireNonNull(login, "login");
            return this;
        }

        /**
         * Start the server and deploy the application.
         *
         * @return the running server
         * @throws Exception if the port is taken or the application fails to deploy
         */
        public ExampleServer start() throws Exception {
            ExampleServer server = new ExampleServer(this);
            try {
                server.start();
            } catch (Exception | Error e) {
                if (server.executor != null) {
                    server.executor.shutdownNow();
                }
                if (server.dataSource != null) {
                    server.dataSource.close();
                }
                throw e;
            }
            return server;
        }
    }
}
