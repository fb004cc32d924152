package com.promptfloe.webhooks.jakarta.it.app;

import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;

/**
 * Defines {@code java:app/jdbc/promptfloe} on the test PostgreSQL through the test's TCP proxy on
 * port 15432, which the test cuts to stand for a database outage; short timeouts so that an
 * outage is seen in seconds.
 */
@DataSourceDefinition(name = "java:app/jdbc/promptfloe", className = "org.postgresql.ds.PGSimpleDataSource",
        serverName = "127.0.0.1", portNumber = 15432, databaseName = "test", user = "postgres",
        transactional = false, maxPoolSize = 10,
        properties = {"connectTimeout=2", "loginTimeout=2", "socketTimeout=5"})
@WebServlet("/test/proxied-datasource")
public class ProxiedDataSource extends HttpServlet {
    private static final long serialVersionUID = 1L;
}
