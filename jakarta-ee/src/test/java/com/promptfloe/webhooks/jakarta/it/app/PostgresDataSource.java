package com.promptfloe.webhooks.jakarta.it.app;

import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;

/**
 * Defines {@code java:app/jdbc/promptfloe} on the test PostgreSQL, with the driver in WEB-INF/lib.
 * A servlet because every runtime processes resource definitions on web components.
 */
@DataSourceDefinition(name = "java:app/jdbc/promptfloe", className = "org.postgresql.ds.PGSimpleDataSource",
        serverName = "127.0.0.1", portNumber = 5432, databaseName = "test", user = "postgres",
        transactional = false, maxPoolSize = 20)
@WebServlet("/test/postgres-datasource")
public class PostgresDataSource extends HttpServlet {
    private static final long serialVersionUID = 1L;
}
