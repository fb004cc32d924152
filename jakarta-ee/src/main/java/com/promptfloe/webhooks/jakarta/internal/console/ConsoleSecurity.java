package com.promptfloe.webhooks.jakarta.internal.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;

/**
 * The console's own checks, behind the container's security constraint: a role on every request,
 * the admin role and a valid CSRF token on every POST (so a constraint lost in a misconfiguration
 * still refuses actions), and the response headers of every answer.
 */
final class ConsoleSecurity {

    /** Nothing but the console's own stylesheet and script; no framing, no form posts elsewhere. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'self'; script-src 'self'; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /**
     * Why a request is refused.
     *
     * @param status 401 or 403
     * @param reason a sentence for the user
     */
    record Refusal(int status, String reason) {
    }

    private final String viewerRole;
    private final String adminRole;
    private final Csrf csrf;

    ConsoleSecurity(String viewerRole, String adminRole, Csrf csrf) {
        this.viewerRole = viewerRole;
        this.adminRole = adminRole;
        this.csrf = csrf;
    }

    static void headers(HttpServletResponse response) {
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Frame-Options", "DENY");
    }

    /**
     * Checks a request.
     *
     * @param request the request
     * @return the refusal, or {@code null} when the request may go on
     */
    Refusal check(HttpServletRequest request) {
        Principal principal = request.getUserPrincipal();
        if (principal == null) {
            return new Refusal(HttpServletResponse.SC_UNAUTHORIZED, "log in to see the PromptFloe console");
        }
        boolean admin = request.isUserInRole(adminRole);
        if (!admin && !request.isUserInRole(viewerRole)) {
            return new Refusal(HttpServletResponse.SC_FORBIDDEN, "the PromptFloe console needs role " + viewerRole
                    + " or " + adminRole);
        }
        if ("POST".equals(request.getMethod())) {
            if (!admin) {
                return new Refusal(HttpServletResponse.SC_FORBIDDEN, "only role " + adminRole + " may act");
            }
            String token = request.getHeader(Csrf.HEADER);
            if (token == null) {
                token = request.getParameter(Csrf.FIELD);
            }
            if (!csrf.valid(principal.getName(), token)) {
                return new Refusal(HttpServletResponse.SC_FORBIDDEN, "missing or wrong CSRF token: send the "
                        + Csrf.FIELD + " field of the page's form, or the " + Csrf.HEADER
                        + " header a GET of the API answers");
            }
        }
        return null;
    }

    boolean admin(HttpServletRequest request) {
        return request.isUserInRole(adminRole);
    }

    String token(HttpServletRequest request) {
        return csrf.token(request.getUserPrincipal().getName());
    }
}
