package com.promptfloe.webhooks.jakarta.internal.console;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** A request and a response, as much of them as the console uses; anything else fails loudly. */
final class FakeHttp {

    private FakeHttp() {
    }

    static final class Request {
        String method = "GET";
        String contextPath = "/app";
        String pathInfo;
        String user;
        Set<String> roles = Set.of();
        final Map<String, String> parameters = new HashMap<>();
        final Map<String, String> headers = new HashMap<>();
        String contentType;
        byte[] body = new byte[0];

        Request(String method, String pathInfo) {
            this.method = method;
            this.pathInfo = pathInfo;
        }

        Request as(String name, String... userRoles) {
            this.user = name;
            this.roles = Set.of(userRoles);
            return this;
        }

        Request param(String name, String value) {
            parameters.put(name, value);
            return this;
        }

        Request header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        Request json(String text) {
            contentType = "application/json";
            body = text.getBytes(StandardCharsets.UTF_8);
            return this;
        }

        HttpServletRequest proxy() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            ServletInputStream stream = new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException();
                }
            };
            return (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {HttpServletRequest.class}, (self, method, args) -> switch (method.getName()) {
                        case "getMethod" -> this.method;
                        case "getContextPath" -> contextPath;
                        case "getPathInfo" -> pathInfo;
                        case "getUserPrincipal" -> user == null ? null : (Principal) () -> user;
                        case "getRemoteUser" -> user;
                        case "isUserInRole" -> user != null && roles.contains((String) args[0]);
                        case "getParameter" -> parameters.get((String) args[0]);
                        case "getHeader" -> headers.get((String) args[0]);
                        case "getContentType" -> contentType;
                        case "getInputStream" -> stream;
                        case "toString" -> "FakeRequest " + this.method + " " + pathInfo;
                        default -> throw new UnsupportedOperationException("the console should not need " + method);
                    });
        }
    }

    static final class Response {
        int status = 200;
        String contentType;
        final Map<String, String> headers = new LinkedHashMap<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();

        String text() {
            return body.toString(StandardCharsets.UTF_8);
        }

        HttpServletResponse proxy() {
            ServletOutputStream stream = new ServletOutputStream() {
                @Override
                public void write(int b) {
                    body.write(b);
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {
                    throw new UnsupportedOperationException();
                }
            };
            return (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {HttpServletResponse.class}, (self, method, args) -> {
                        switch (method.getName()) {
                            case "setStatus" -> status = (Integer) args[0];
                            case "sendError" -> status = (Integer) args[0];
                            case "setHeader" -> headers.put((String) args[0], (String) args[1]);
                            case "setContentType" -> contentType = (String) args[0];
                            case "setContentLength" -> headers.put("Content-Length", String.valueOf(args[0]));
                            case "getOutputStream" -> {
                                return stream;
                            }
                            case "toString" -> {
                                return "FakeResponse " + status;
                            }
                            default -> throw new UnsupportedOperationException("the console should not need " + method);
                        }
                        return null;
                    });
        }
    }
}
