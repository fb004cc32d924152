package com.promptfloe.webhooks.jakarta.internal.console;

/**
 * Who is looking at a page, and where the console is.
 *
 * @param base the console's URL path (context path plus console path), without a trailing slash
 * @param user the authenticated user's name
 * @param admin whether the user may act
 * @param csrfToken the user's CSRF token, for forms
 */
record ConsoleView(String base, String user, boolean admin, String csrfToken) {
}
