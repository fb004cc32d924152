package com.promptfloe.webhooks.jakarta.internal;

import com.promptfloe.webhooks.event.PromptFloeEvent;
import com.promptfloe.webhooks.jakarta.PromptFloeEndpoint;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.ServletContext;
import java.lang.System.Logger.Level;
import java.net.MalformedURLException;

/**
 * Fires each delivery as a CDI event qualified with its endpoint. The runtime type of the record
 * ({@code DeploymentLive}, ...) selects the observers, so observers of {@link PromptFloeEvent}
 * get every event.
 */
public final class CdiDispatcher {

    private static final System.Logger LOG = System.getLogger(CdiDispatcher.class.getName());
    /** A class of Weld Servlet (core and shaded alike), the CDI implementation of Tomcat and Jetty users. */
    static final String WELD_SERVLET_CLASS = "org.jboss.weld.environment.servlet.EnhancedListener";

    private final Event<Object> events;

    private CdiDispatcher(Event<Object> events) {
        this.events = events;
    }

    /**
     * The dispatcher of one endpoint.
     *
     * @param endpoint the endpoint name, used as the qualifier value
     * @param context the application, to say why CDI is missing when it is
     * @return the dispatcher
     * @throws ConfigProblem when the application has no CDI container
     */
    public static CdiDispatcher forEndpoint(String endpoint, ServletContext context) {
        return new CdiDispatcher(cdi(context).getBeanManager().getEvent()
                .select(PromptFloeEndpoint.Literal.of(endpoint)));
    }

    /**
     * The application's CDI container, which dispatch and inbox mode both need to fire events.
     *
     * @param context the application, to say why CDI is missing when it is
     * @return the container
     * @throws ConfigProblem when the application has none
     */
    static CDI<Object> cdi(ServletContext context) {
        try {
            return CDI.current();
        } catch (IllegalStateException | NoClassDefFoundError e) {
            throw new ConfigProblem(ConfigProblem.UNSUPPORTED, noCdiMessage(e, e instanceof NoClassDefFoundError,
                    weldServletPresent(context), beansXmlPresent(context)));
        }
    }

    /**
     * What to tell a user whose application has no CDI container. The full servers always have one,
     * so the likely causes are those of Tomcat and Jetty, where the application brings Weld itself.
     */
    static String noCdiMessage(Throwable cause, boolean noCdiApi, boolean weldServlet, boolean beansXml) {
        String likely;
        if (weldServlet && !beansXml) {
            likely = "WEB-INF/beans.xml is missing, so Weld found no bean archive and did not start (its log says "
                    + "WELD-ENV-000028). Fix: add WEB-INF/beans.xml to the WAR (an empty file will do, or one with "
                    + "bean-discovery-mode=\"annotated\")";
        } else if (weldServlet) {
            likely = "Weld Servlet is there and so is WEB-INF/beans.xml, but Weld did not start for this "
                    + "application: see Weld's messages before this one. On Jetty, enable CDI in Jetty too (the "
                    + "ee10-cdi-decorate module), so Jetty's CDI initializer runs before Weld's";
        } else {
            likely = (noCdiApi ? "this runtime has no CDI at all" : "the CDI API is there but no implementation")
                    + ": a plain servlet container such as Tomcat or Jetty needs Weld Servlet. Fix: add "
                    + "org.jboss.weld.servlet:weld-servlet-shaded to WEB-INF/lib"
                    + (beansXml ? "" : " and an empty WEB-INF/beans.xml (Weld starts only for a bean archive)")
                    + "; on Jetty also enable the ee10-cdi-decorate module";
        }
        return "promptfloe.webhooks.mode 'dispatch' and 'inbox' fire CDI events, but this application has no CDI "
                + "container (" + cause + "). Likely cause: " + likely + ". Or, without CDI, use verify-only mode and "
                + "read the event from the request attribute";
    }

    private static boolean weldServletPresent(ServletContext context) {
        try {
            Class.forName(WELD_SERVLET_CLASS, false, context.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError | SecurityException e) {
            return false;
        }
    }

    private static boolean beansXmlPresent(ServletContext context) {
        try {
            return context.getResource("/WEB-INF/beans.xml") != null;
        } catch (MalformedURLException e) {
            return false;
        }
    }

    /**
     * Calls every synchronous observer, in {@code @Priority} order; the first exception stops it.
     *
     * @param event the event
     */
    public void fire(PromptFloeEvent event) {
        events.fire(event);
    }

    /**
     * Starts the {@code @ObservesAsync} observers; their failures are logged only, because the
     * delivery has been acknowledged already.
     *
     * @param event the event, already recorded as processed
     */
    public void fireAsync(PromptFloeEvent event) {
        events.fireAsync(event).whenComplete((ignored, failure) -> {
            if (failure != null) {
                LOG.log(Level.ERROR, "an @ObservesAsync observer of PromptFloe " + event.type() + " " + event.id()
                        + " (delivery " + event.deliveryId() + ") failed; the delivery was acknowledged already, "
                        + "so PromptFloe will not retry it", failure);
            }
        });
    }
}
