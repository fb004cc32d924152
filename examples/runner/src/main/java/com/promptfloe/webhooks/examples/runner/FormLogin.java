package com.promptfloe.webhooks.examples.runner;

import java.security.SecureRandom;
import java.util.List;
import java.util.Objects;

import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.security.HashLoginService;
import org.eclipse.jetty.security.SecurityHandler;
import org.eclipse.jetty.security.UserStore;
import org.eclipse.jetty.security.authentication.FormAuthenticator;
import org.eclipse.jetty.util.security.Credential;

/**
 * Container login for an example: FORM login with the application's own login page, against a
 * fixed list of users and their roles, as a server's realm would authenticate them. The
 * application's security constraints (such as the delivery console's) then apply to these users.
 *
 * <pre>{@code
 * FormLogin login = FormLogin.withPages("/login.html", "/login-error.html",
 *         List.of(FormLogin.User.withRandomPassword("demo-admin", "promptfloe-webhooks-admin")));
 * ExampleServer.builder(war).formLogin(login).start();
 * }</pre>
 *
 * <p>Demo only: the users live in memory and their passwords are printed at start.
 */
public final class FormLogin {

    /** The realm name the example's users belong to. */
    public static final String REALM = "promptfloe-example";

    private final String loginPage;
    private final String errorPage;
    private final List<User> users;

    private FormLogin(String loginPage, String errorPage, List<User> users) {
        this.loginPage = page(loginPage, "loginPage");
        this.errorPage = page(errorPage, "errorPage");
        this.users = List.copyOf(users);
        if (this.users.isEmpty()) {
            throw new IllegalArgumentException("FORM login needs at least one user");
        }
    }

    /**
     * FORM login through pages of the application.
     *
     * @param loginPage the page with the form that posts {@code j_username} and {@code j_password}
     *     to {@code j_security_check}, such as {@code /login.html}
     * @param errorPage the page shown after a wrong name or password
     * @param users     who may log in
     * @return the login settings
     */
    public static FormLogin withPages(String loginPage, String errorPage, List<User> users) {
        return new FormLogin(loginPage, errorPage, Objects.requireNonNull(users, "users"));
    }

    /**
     * Who may log in.
     *
     * @return the users, in the order given
     */
    public List<User> users() {
        return users;
    }

    /** Install the users and the FORM authenticator in the application's security handler. */
    void applyTo(WebAppContext webapp) {
        UserStore store = new UserStore();
        for (User user : users) {
            store.addUser(user.name(), Credential.getCredential(user.password()), user.roles().toArray(String[]::new));
        }
        HashLoginService realm = new HashLoginService(REALM);
        realm.setUserStore(store);
        SecurityHandler security = webapp.getSecurityHandler();
        security.setRealmName(REALM);
        security.setLoginService(realm);
        // Redirect (not forward) to the login page, so the browser's address shows where it is.
        security.setAuthenticator(new FormAuthenticator(loginPage, errorPage, false));
    }

    private static String page(String path, String name) {
        Objects.requireNonNull(path, name);
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException(name + " must be a path in the application starting with '/': " + path);
        }
        return path;
    }

    /**
     * One user of the example's realm.
     *
     * @param name     the login name
     * @param password the password; {@link #toString()} hides it
     * @param roles    the roles the application sees through {@code isUserInRole}
     */
    public record User(String name, String password, List<String> roles) {

        private static final SecureRandom RANDOM = new SecureRandom();
        private static final String PASSWORD_CHARACTERS =
                "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        private static final int PASSWORD_LENGTH = 16;

        /**
         * Checks the parts.
         *
         * @param name     not blank
         * @param password not blank
         * @param roles    the roles, possibly none
         */
        public User {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("a user needs a name");
            }
            if (password == null || password.isBlank()) {
                throw new IllegalArgumentException("user " + name + " needs a password");
            }
            roles = List.copyOf(roles);
        }

        /**
         * A user with a new random password of 16 letters and digits (about 95 bits), new on every
         * start; no punctuation, so it copies cleanly from a terminal into a form or a command.
         *
         * @param name  the login name
         * @param roles the roles
         * @return the user
         */
        public static User withRandomPassword(String name, String... roles) {
            StringBuilder password = new StringBuilder(PASSWORD_LENGTH);
            for (int i = 0; i < PASSWORD_LENGTH; i++) {
                password.append(PASSWORD_CHARACTERS.charAt(RANDOM.nextInt(PASSWORD_CHARACTERS.length())));
            }
            return new User(name, password.toString(), List.of(roles));
        }

        @Override
        public String toString() {
            return "User[" + name + ", roles " + roles + "]";
        }
    }
}
