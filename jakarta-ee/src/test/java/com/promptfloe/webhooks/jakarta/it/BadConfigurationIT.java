package com.promptfloe.webhooks.jakarta.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.promptfloe.webhooks.jakarta.it.app.CallRecorder;
import com.promptfloe.webhooks.jakarta.it.app.Observers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Configuration mistakes stop the deployment instead of failing deliveries later. */
@ExtendWith(ArquillianExtension.class)
class BadConfigurationIT extends ItBase {

    @Deployment(name = "bad-web-xml-value", managed = false, testable = false)
    static WebArchive badWebXmlValue() {
        return war("bad-web-xml-value").addClasses(CallRecorder.class, Observers.class)
                .setWebXML(new StringAsset(webXml("", "promptfloe.webhooks.secret", "whsec_x",
                        "promptfloe.webhooks.tolerance", "soon")));
    }

    @Deployment(name = "bad-microprofile-value", managed = false, testable = false)
    static WebArchive badMicroProfileValue() {
        return war("bad-microprofile-value").addClasses(CallRecorder.class, Observers.class)
                .addAsResource(new StringAsset("promptfloe.webhooks.secret=whsec_x\n"
                        + "promptfloe.webhooks.max-body-size=huge\n"), "META-INF/microprofile-config.properties");
    }

    @Deployment(name = "observers-without-secret", managed = false, testable = false)
    static WebArchive observersWithoutSecret() {
        return war("observers-without-secret").addClasses(CallRecorder.class, Observers.class);
    }

    @Deployment(name = "console-without-login", managed = false, testable = false)
    static WebArchive consoleWithoutLogin() {
        return war("console-without-login").setWebXML(new StringAsset(webXml("", "promptfloe.webhooks.secret",
                "whsec_x", "promptfloe.webhooks.console.enabled", "true")));
    }

    @ArquillianResource
    Deployer deployer;

    @Test
    void aBadContextParamStopsTheDeployment() throws IOException {
        assertDeploymentFails("bad-web-xml-value",
                "PFW-001 promptfloe.webhooks.tolerance = 'soon' (from context-param)");
    }

    @Test
    void aBadMicroProfileConfigValueStopsTheDeployment() throws IOException {
        assertDeploymentFails("bad-microprofile-value",
                "PFW-001 promptfloe.webhooks.max-body-size = 'huge' (from MicroProfile Config)");
    }

    @Test
    void observersWithoutASecretStopTheDeployment() throws IOException {
        assertDeploymentFails("observers-without-secret",
                "PFW-002 the application observes PromptFloe events but promptfloe.webhooks.secret is not set");
    }

    @Test
    void aConsoleNobodyCanLogInToStopsTheDeployment() throws IOException {
        assertDeploymentFails("console-without-login",
                "PFW-008 promptfloe.webhooks.console.enabled=true but nothing can authenticate the console's users");
    }

    /** Fails when the deployment starts, or when it failed for another reason than the expected message. */
    private void assertDeploymentFails(String name, String expectedMessage) throws IOException {
        Throwable failure = catchThrowable(() -> deployer.deploy(name));
        try {
            deployer.undeploy(name);
        } catch (RuntimeException e) {
            // Nothing was deployed, which is the point.
        }
        assertThat(failure).as(name + " must not deploy").isNotNull();
        List<String> messages = new ArrayList<>();
        for (Throwable t = failure; t != null && messages.size() < 20; t = t.getCause()) {
            messages.add(t.getClass().getName() + ": " + t.getMessage());
        }
        String chain = String.join("\n  caused by ", messages);
        // WildFly puts the cause into the deployment failure; Liberty's adapter says only that the
        // application did not start, and the reason is in its log.
        assertThat(chain.contains(expectedMessage) || runtimeLog().contains(expectedMessage))
                .as("the failure of " + name + " names the problem; it was: " + chain).isTrue();
    }

    private static String runtimeLog() throws IOException {
        String wildfly = System.getProperty("it.wildfly.home");
        String liberty = System.getProperty("it.liberty.home");
        String glassfish = System.getProperty("it.glassfish.home");
        Path log = wildfly != null ? Path.of(wildfly, "standalone", "log", "server.log")
                : liberty != null ? Path.of(liberty, "usr", "servers",
                        System.getProperty("it.liberty.server", "defaultServer"), "logs", "messages.log")
                : glassfish != null ? Path.of(glassfish, "glassfish", "domains", "domain1", "logs", "server.log") : null;
        return log != null && Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }
}
