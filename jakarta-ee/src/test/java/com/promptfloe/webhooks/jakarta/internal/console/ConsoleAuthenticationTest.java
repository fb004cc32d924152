package com.promptfloe.webhooks.jakarta.internal.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.promptfloe.webhooks.jakarta.internal.ConfigProblem;
import com.promptfloe.webhooks.jakarta.internal.ConsoleSettings;
import jakarta.servlet.HttpMethodConstraintElement;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletSecurityElement;
import jakarta.servlet.annotation.ServletSecurity;
import java.io.ByteArrayInputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The check that refuses a console nobody could log in to, and the constraint the console gets. */
class ConsoleAuthenticationTest {

    private static final ConsoleSettings.Console CONSOLE = new ConsoleSettings.Console(true, "/promptfloe-console",
            "viewer", "admin", false);

    private static ServletContext context(String webXml) {
        return (ServletContext) Proxy.newProxyInstance(ConsoleAuthenticationTest.class.getClassLoader(),
                new Class<?>[] {ServletContext.class}, (self, method, args) -> switch (method.getName()) {
                    case "getResourceAsStream" -> "/WEB-INF/web.xml".equals(args[0]) && webXml != null
                            ? new ByteArrayInputStream(webXml.getBytes(StandardCharsets.UTF_8)) : null;
                    case "getClassLoader" -> ConsoleAuthenticationTest.class.getClassLoader();
                    default -> throw new UnsupportedOperationException(method.toString());
                });
    }

    private static String webXml(String inside) {
        return "<?xml version=\"1.0\"?><web-app xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"6.0\">"
                + inside + "</web-app>";
    }

    @Test
    void withoutAnyWayToAuthenticateTheDeploymentIsRefused() {
        for (String webXml : new String[] {null, webXml(""), webXml("<!-- <login-config/> -->"), "not xml"}) {
            assertThatThrownBy(() -> ConsoleRegistration.requireAuthentication(context(webXml), CONSOLE))
                    .isInstanceOf(ConfigProblem.class)
                    .hasMessageStartingWith("PFW-008 promptfloe.webhooks.console.enabled=true but nothing can "
                            + "authenticate the console's users: add a <login-config>")
                    .hasMessageContaining("promptfloe.webhooks.console.authentication=server")
                    .hasMessageContaining("role viewer or admin");
        }
    }

    @Test
    void aLoginConfigInWebXmlIsEnough() {
        assertThat(ConsoleRegistration.requireAuthentication(context(webXml(
                "<login-config><auth-method>BASIC</auth-method></login-config>")), CONSOLE))
                .isEqualTo("login-config BASIC in WEB-INF/web.xml");
        assertThat(ConsoleAuthentication.loginConfig(context(webXml("<login-config/>")))).isEqualTo("(default)");
    }

    @Test
    void theServerAuthenticatingIsEnough() {
        ConsoleSettings.Console server = new ConsoleSettings.Console(true, "/c", "viewer", "admin", true);
        assertThat(ConsoleRegistration.requireAuthentication(context(null), server)).contains("server");
    }

    @Test
    void aDoctypeIsNotResolved() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE web-app [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<web-app><login-config>&x;</login-config></web-app>";
        assertThat(ConsoleAuthentication.loginConfig(context(xxe))).isNull();
    }

    @Test
    void everyMethodNeedsARoleAndPostTheAdminRole() {
        ServletSecurityElement constraint = ConsoleRegistration.constraint(CONSOLE);
        assertThat(constraint.getEmptyRoleSemantic()).isEqualTo(ServletSecurity.EmptyRoleSemantic.PERMIT);
        assertThat(constraint.getRolesAllowed()).containsExactlyInAnyOrder("viewer", "admin");
        assertThat(constraint.getHttpMethodConstraints()).hasSize(1);
        HttpMethodConstraintElement post = constraint.getHttpMethodConstraints().iterator().next();
        assertThat(post.getMethodName()).isEqualTo("POST");
        assertThat(post.getRolesAllowed()).containsExactly("admin");
    }
}
