package com.promptfloe.webhooks.jakarta.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import jakarta.servlet.ServletContext;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.URL;
import org.junit.jupiter.api.Test;

/** PFW-006 names the likely cause of a missing CDI container, and how to fix it. */
class CdiDispatcherTest {

    private static final IllegalStateException NO_PROVIDER = new IllegalStateException("Unable to locate CDIProvider");

    /** A servlet context that answers only what the diagnosis asks: its class loader and WEB-INF/beans.xml. */
    private static ServletContext context(ClassLoader loader, boolean beansXml) {
        return (ServletContext) Proxy.newProxyInstance(CdiDispatcherTest.class.getClassLoader(),
                new Class<?>[] {ServletContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getClassLoader" -> loader;
                    case "getResource" -> beansXml && "/WEB-INF/beans.xml".equals(args[0])
                            ? URI.create("file:/app/WEB-INF/beans.xml").toURL() : (URL) null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void withoutAnyCdiImplementationTheMessageSaysToAddWeldServletAndBeansXml() {
        // No container runs in a unit test; a loader that sees only the JDK sees no Weld Servlet.
        ConfigProblem problem = catchThrowableOfType(ConfigProblem.class,
                () -> CdiDispatcher.forEndpoint("default", context(new ClassLoader(null) { }, false)));

        assertThat(problem.code()).isEqualTo("PFW-006");
        assertThat(problem.getMessage())
                .startsWith("PFW-006 promptfloe.webhooks.mode 'dispatch' and 'inbox' fire CDI events, but this "
                        + "application has no CDI container (")
                .contains("Tomcat or Jetty needs Weld Servlet")
                .contains("add org.jboss.weld.servlet:weld-servlet-shaded to WEB-INF/lib and an empty "
                        + "WEB-INF/beans.xml")
                .contains("ee10-cdi-decorate")
                .endsWith("Or, without CDI, use verify-only mode and read the event from the request attribute");
    }

    @Test
    void weldWithoutBeansXmlIsNamedAsTheCause() {
        String message = CdiDispatcher.noCdiMessage(NO_PROVIDER, false, true, false);

        assertThat(message).contains("Likely cause: WEB-INF/beans.xml is missing, so Weld found no bean archive")
                .contains("WELD-ENV-000028")
                .contains("Fix: add WEB-INF/beans.xml to the WAR")
                .doesNotContain("weld-servlet-shaded");
    }

    @Test
    void weldMissingWithBeansXmlPresentAsksOnlyForWeld() {
        String message = CdiDispatcher.noCdiMessage(NO_PROVIDER, false, false, true);

        assertThat(message).contains("the CDI API is there but no implementation")
                .contains("add org.jboss.weld.servlet:weld-servlet-shaded to WEB-INF/lib;")
                .doesNotContain("empty WEB-INF/beans.xml");
    }

    @Test
    void weldAndBeansXmlBothPresentPointsAtWeldsLogAndJettysCdiModule() {
        String message = CdiDispatcher.noCdiMessage(NO_PROVIDER, false, true, true);

        assertThat(message).contains("Weld did not start for this application: see Weld's messages")
                .contains("ee10-cdi-decorate");
    }

    @Test
    void noCdiApiAtAllIsSaidSo() {
        String message = CdiDispatcher.noCdiMessage(new NoClassDefFoundError("jakarta/enterprise/inject/spi/CDI"),
                true, false, false);

        assertThat(message).contains("(java.lang.NoClassDefFoundError: jakarta/enterprise/inject/spi/CDI)")
                .contains("this runtime has no CDI at all");
    }
}
