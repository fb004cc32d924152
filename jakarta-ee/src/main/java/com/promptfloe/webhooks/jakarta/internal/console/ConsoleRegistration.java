package com.promptfloe.webhooks.jakarta.internal.console;

import com.promptfloe.webhooks.Secret;
import com.promptfloe.webhooks.jakarta.PromptFloeWebhooksConfig;
import com.promptfloe.webhooks.jakarta.internal.ConfigLookup;
import com.promptfloe.webhooks.jakarta.internal.ConfigProblem;
import com.promptfloe.webhooks.jakarta.internal.ConsoleSettings;
import com.promptfloe.webhooks.jakarta.internal.Inboxes;
import com.promptfloe.webhooks.jakarta.internal.Journals;
import com.promptfloe.webhooks.jakarta.internal.Ledgers;
import com.promptfloe.webhooks.jakarta.internal.WebhookSettings;
import com.promptfloe.webhooks.ledger.DeliveryLedger;
import jakarta.servlet.HttpConstraintElement;
import jakarta.servlet.HttpMethodConstraintElement;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.ServletSecurityElement;
import jakarta.servlet.annotation.ServletSecurity;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * Adds the console servlet with its security constraint: every method needs the viewer or the
 * admin role, POST the admin role. Refuses (with a {@link ConfigProblem}) when nothing could
 * authenticate the console's users.
 */
public final class ConsoleRegistration {

    /** The servlet's name. */
    public static final String SERVLET_NAME = "promptfloe-webhooks-console";

    private static final System.Logger LOG = System.getLogger(ConsoleRegistration.class.getName());
    private static final String EXECUTOR = "java:comp/DefaultManagedExecutorService";

    private ConsoleRegistration() {
    }

    /**
     * Checks that the console's users can authenticate.
     *
     * @param context the servlet context
     * @param settings the console settings
     * @return how they authenticate, for the log
     * @throws ConfigProblem when nothing can authenticate them
     */
    public static String requireAuthentication(ServletContext context, ConsoleSettings.Console settings) {
        String how = ConsoleAuthentication.find(context, settings.serverAuthenticates());
        if (how == null) {
            throw new ConfigProblem(ConfigProblem.CONSOLE_UNSECURED, PromptFloeWebhooksConfig.CONSOLE_ENABLED
                    + "=true but nothing can authenticate the console's users: add a <login-config> (BASIC or FORM) "
                    + "to WEB-INF/web.xml, or a Jakarta Security authentication mechanism (such as "
                    + "@BasicAuthenticationMechanismDefinition), or set " + PromptFloeWebhooksConfig.CONSOLE_AUTHENTICATION
                    + "=server when the server authenticates outside web.xml (Jetty's SecurityHandler, Open Liberty's "
                    + "server.xml); then give users role " + settings.viewerRole() + " or " + settings.adminRole());
        }
        return how;
    }

    /**
     * Adds the console servlet.
     *
     * @param context the servlet context
     * @param settings the console settings
     * @param endpoints the application's endpoints (their secrets key the CSRF tokens)
     * @param config the configuration, for the overview's table
     * @param authentication how users authenticate, for the log
     */
    public static void register(ServletContext context, ConsoleSettings.Console settings,
            List<WebhookSettings.Endpoint> endpoints, ConfigLookup config, String authentication) {
        List<Secret> secrets = endpoints.stream().sorted(java.util.Comparator.comparing(WebhookSettings.Endpoint::name))
                .flatMap(endpoint -> endpoint.secrets().stream()).toList();
        if (secrets.isEmpty()) {
            LOG.log(Level.INFO, "PromptFloe console: no endpoint secret known here, so its CSRF tokens are keyed "
                    + "per node: behind a load balancer use sticky sessions, or configure the secrets as context-params");
        }
        List<String> names = endpoints.stream().map(WebhookSettings.Endpoint::name).toList();
        ConsoleData data = new ConsoleData(
                () -> {
                    var listener = Journals.forApplication(context, ConfigLookup.forWeb(null, context));
                    return listener == null ? null : listener.journal();
                },
                () -> Inboxes.find(context), () -> ledgerKind(context, config), names,
                ConfigRow.of(config, names), Clock.systemUTC());
        ConsoleSecurity security = new ConsoleSecurity(settings.viewerRole(), settings.adminRole(),
                Csrf.derivedFrom(secrets));
        ConsoleServlet servlet = new ConsoleServlet(settings.path(), security, data,
                new RedriveJobs(executor(), Clock.systemUTC()));
        ServletRegistration.Dynamic registration = context.addServlet(SERVLET_NAME, servlet);
        if (registration == null) {
            throw new ConfigProblem(ConfigProblem.CONFLICT, "a servlet named " + SERVLET_NAME + " exists already: "
                    + "the console is added by the library, do not declare it in web.xml");
        }
        Set<String> clashes = registration.addMapping(settings.path() + "/*");
        if (!clashes.isEmpty()) {
            throw new ConfigProblem(ConfigProblem.CONFLICT, PromptFloeWebhooksConfig.CONSOLE_PATH + " = '"
                    + settings.path() + "' is mapped to another servlet already: choose a free path");
        }
        context.declareRoles(settings.viewerRole(), settings.adminRole());
        registration.setServletSecurity(constraint(settings));
        LOG.log(Level.INFO, "PromptFloe console at " + context.getContextPath() + settings.path() + " for roles "
                + settings.viewerRole() + " (view) and " + settings.adminRole() + " (act); users authenticate through "
                + authentication);
    }

    /**
     * Every method needs one of the two roles; POST needs the admin role.
     *
     * @param settings the console settings
     * @return the constraint
     */
    static ServletSecurityElement constraint(ConsoleSettings.Console settings) {
        HttpConstraintElement anyRole = new HttpConstraintElement(ServletSecurity.TransportGuarantee.NONE,
                settings.viewerRole(), settings.adminRole());
        HttpMethodConstraintElement post = new HttpMethodConstraintElement("POST",
                new HttpConstraintElement(ServletSecurity.TransportGuarantee.NONE, settings.adminRole()));
        return new ServletSecurityElement(anyRole, List.of(post));
    }

    private static String ledgerKind(ServletContext context, ConfigLookup config) {
        DeliveryLedger ledger = Ledgers.find(context);
        if (ledger == null) {
            return WebhookSettings.ledger(config).kind() + " (not started yet)";
        }
        String name = ledger.getClass().getName();
        if (name.equals("com.promptfloe.webhooks.ledger.CaffeineDeliveryLedger")) {
            return "caffeine (this JVM)";
        }
        if (name.equals("com.promptfloe.webhooks.jdbc.JdbcDeliveryLedger")) {
            return "jdbc (shared table)";
        }
        return "application bean " + ledger.getClass().getSimpleName();
    }

    private static Executor executor() {
        try {
            if (new InitialContext().lookup(EXECUTOR) instanceof Executor managed) {
                return managed;
            }
        } catch (NamingException | RuntimeException e) {
            // No Jakarta Concurrency (Tomcat, Jetty): a thread of the library's own below.
        }
        return task -> {
            Thread thread = new Thread(task, "promptfloe-console-redrive");
            thread.setDaemon(true);
            thread.start();
        };
    }
}
