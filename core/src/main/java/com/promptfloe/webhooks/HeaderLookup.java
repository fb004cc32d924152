package com.promptfloe.webhooks;

/**
 * Reads a request header by name, case-insensitively, as {@code HttpServletRequest::getHeader} does.
 *
 * <pre>{@code
 * receiver.receive(request::getHeader, body);
 * }</pre>
 */
@FunctionalInterface
public interface HeaderLookup {

    /**
     * The header's value.
     *
     * @param name the header name
     * @return the value, or {@code null} when the request has no such header
     */
    String header(String name);
}
