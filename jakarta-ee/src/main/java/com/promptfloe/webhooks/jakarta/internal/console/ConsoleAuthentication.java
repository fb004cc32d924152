package com.promptfloe.webhooks.jakarta.internal.console;

import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.ServletContext;
import java.io.IOException;
import java.io.InputStream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.xml.sax.SAXException;

/**
 * Whether anything can authenticate the console's users: a console whose security constraint no
 * login can satisfy is useless at best, and on a runtime that ignores constraints without a login
 * method, open. One of these must hold:
 * <ul>
 *   <li>{@code console.authentication=server}: the runtime authenticates outside web.xml;</li>
 *   <li>WEB-INF/web.xml has a {@code <login-config>};</li>
 *   <li>a Jakarta Security {@code HttpAuthenticationMechanism} bean exists.</li>
 * </ul>
 */
public final class ConsoleAuthentication {

    static final String MECHANISM = "jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism";

    private ConsoleAuthentication() {
    }

    /**
     * Names the way users authenticate, or {@code null} when there is none.
     *
     * @param context the servlet context
     * @param serverAuthenticates {@code console.authentication=server}
     * @return for example {@code login-config BASIC in WEB-INF/web.xml}, or {@code null}
     */
    public static String find(ServletContext context, boolean serverAuthenticates) {
        if (serverAuthenticates) {
            return "the server (console.authentication=server)";
        }
        String loginConfig = loginConfig(context);
        if (loginConfig != null) {
            return "login-config " + loginConfig + " in WEB-INF/web.xml";
        }
        return mechanismBean(context) ? "a Jakarta Security HttpAuthenticationMechanism bean" : null;
    }

    /**
     * The auth-method of WEB-INF/web.xml's login-config.
     *
     * @param context the servlet context
     * @return the method ({@code (default)} when the element names none), or {@code null} when there is no login-config
     */
    static String loginConfig(ServletContext context) {
        try (InputStream in = context.getResourceAsStream("/WEB-INF/web.xml")) {
            if (in == null) {
                return null;
            }
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document document = factory.newDocumentBuilder().parse(in);
            var configs = document.getElementsByTagNameNS("*", "login-config");
            if (configs.getLength() == 0) {
                return null;
            }
            var methods = document.getElementsByTagNameNS("*", "auth-method");
            return methods.getLength() == 0 ? "(default)" : methods.item(0).getTextContent().strip();
        } catch (IOException | ParserConfigurationException | SAXException e) {
            // The container parses web.xml itself and refuses a broken one; here it just does not count.
            return null;
        }
    }

    private static boolean mechanismBean(ServletContext context) {
        Class<?> type;
        try {
            type = Class.forName(MECHANISM, false, context.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
        try {
            return !CDI.current().getBeanManager().getBeans(type).isEmpty();
        } catch (RuntimeException | LinkageError e) {
            return false; // no CDI (or not started yet): no bean can be found
        }
    }
}
