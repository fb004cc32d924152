package com.promptfloe.webhooks.examples.runner;

import java.io.PrintStream;
import java.net.URI;
import java.util.List;

/**
 * The library's delivery console, turned on for a demo ({@code ./quickstart.sh}): two demo-only
 * users with new random passwords, FORM login through the example's {@value #LOGIN_PAGE}, and the
 * console told that the server authenticates ({@value #AUTHENTICATION_KEY}{@code =server}).
 *
 * <pre>{@code
 * DemoConsole console = DemoConsole.withRandomPasswords();
 * ExampleServer server = console.configure(ExampleServer.builder(war)).start();
 * console.printLogins(server, System.out);
 * }</pre>
 *
 * <p>{@link #admin()} has both console roles (pages and actions such as re-drive), {@link #viewer()}
 * only the viewer role (pages, no actions). The example WAR must have the two login pages.
 */
public final class DemoConsole {

    /** The key that adds the console servlet. */
    public static final String ENABLED_KEY = "promptfloe.webhooks.console.enabled";
    /** The key that tells the console the server authenticates outside web.xml. */
    public static final String AUTHENTICATION_KEY = "promptfloe.webhooks.console.authentication";
    /** The console's default path, under the application's context path. */
    public static final String PATH = "/promptfloe-console";
    /** The console's default role for its pages. */
    public static final String VIEWER_ROLE = "promptfloe-webhooks-viewer";
    /** The console's default role for its actions. */
    public static final String ADMIN_ROLE = "promptfloe-webhooks-admin";
    /** The example's login page. */
    public static final String LOGIN_PAGE = "/login.html";
    /** The page the example shows after a wrong name or password. */
    public static final String LOGIN_ERROR_PAGE = "/login-error.html";

    private final FormLogin.User admin;
    private final FormLogin.User viewer;

    private DemoConsole(FormLogin.User admin, FormLogin.User viewer) {
        this.admin = admin;
        this.viewer = viewer;
    }

    /**
     * Users {@code demo-admin} and {@code demo-viewer}, each with a new random password.
     *
     * @return the console settings
     */
    public static DemoConsole withRandomPasswords() {
        return new DemoConsole(FormLogin.User.withRandomPassword("demo-admin", VIEWER_ROLE, ADMIN_ROLE),
                FormLogin.User.withRandomPassword("demo-viewer", VIEWER_ROLE));
    }

    /**
     * The user who may look and act (re-drive).
     *
     * @return {@code demo-admin}, with both roles
     */
    public FormLogin.User admin() {
        return admin;
    }

    /**
     * The user who may only look.
     *
     * @return {@code demo-viewer}, with the viewer role
     */
    public FormLogin.User viewer() {
        return viewer;
    }

    /**
     * Turn the console on in the server being built and let the container log these users in.
     *
     * @param builder the server's builder
     * @return the same builder
     */
    public ExampleServer.Builder configure(ExampleServer.Builder builder) {
        return builder.initParameter(ENABLED_KEY, "true").initParameter(AUTHENTICATION_KEY, "server")
                .formLogin(FormLogin.withPages(LOGIN_PAGE, LOGIN_ERROR_PAGE, List.of(admin, viewer)));
    }

    /**
     * Where the console is on a running server.
     *
     * @param server the server
     * @return for example {@code http://127.0.0.1:8088/promptfloe-console}
     */
    public URI uri(ExampleServer server) {
        return server.baseUri().resolve(PATH.substring(1));
    }

    /**
     * Print the console's URL and how to log in.
     *
     * @param server the running server
     * @param out    where to print
     */
    public void printLogins(ExampleServer server, PrintStream out) {
        out.println("Delivery console: " + uri(server) + "  (log in first at "
                + server.baseUri().resolve(LOGIN_PAGE.substring(1)) + ")");
        out.println("  log in as " + admin.name() + " / " + admin.password() + "  (sees everything, may re-drive)");
        out.println("       or " + viewer.name() + " / " + viewer.password() + "  (sees everything, changes nothing)");
        out.println("  (demo-only users, new passwords on every start)");
    }
}
