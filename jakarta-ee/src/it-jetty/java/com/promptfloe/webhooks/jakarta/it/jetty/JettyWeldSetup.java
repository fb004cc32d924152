package com.promptfloe.webhooks.jakarta.it.jetty;

import org.eclipse.jetty.ee10.annotations.AnnotationConfiguration;
import org.eclipse.jetty.ee10.cdi.CdiConfiguration;
import org.eclipse.jetty.ee10.cdi.CdiDecoratingListener;
import org.eclipse.jetty.ee10.cdi.CdiServletContainerInitializer;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.jboss.arquillian.container.jetty.embedded_12_ee10.WebAppContextProcessor;
import org.jboss.shrinkwrap.api.Archive;

/**
 * Wires Weld into each deployed web application in Jetty's {@code CdiDecoratingListener} mode (what
 * the {@code ee10-cdi-decorate} module of a standalone Jetty 12 sets), so {@code @Inject} works in
 * filters and servlets.
 *
 * <p>The adapter alone leaves one thing to chance: Jetty's {@code CdiServletContainerInitializer}
 * must run before Weld's {@code EnhancedListener}, and Jetty gives two initializers found on the
 * same class path no order of its own. When Weld goes first it logs "No supported servlet container
 * detected" and injected fields of servlets and filters stay null. Naming the order fixes it, as
 * examples/runner does for the quickstart.
 */
public final class JettyWeldSetup implements WebAppContextProcessor {

    private static final String WELD_INITIALIZER = "org.jboss.weld.environment.servlet.EnhancedListener";

    @Override
    public void process(WebAppContext webapp, Archive<?> archive) {
        webapp.addConfiguration(new CdiConfiguration());
        // ee10-cdi-decorate: Weld decorates the objects Jetty creates (filters, servlets, listeners).
        webapp.setInitParameter(CdiServletContainerInitializer.CDI_INTEGRATION_ATTRIBUTE, CdiDecoratingListener.MODE);
        webapp.setAttribute(AnnotationConfiguration.SERVLET_CONTAINER_INITIALIZER_ORDER,
                CdiServletContainerInitializer.class.getName() + ", " + WELD_INITIALIZER + ", *");
    }
}
