package com.promptfloe.webhooks.jakarta.it.app;

import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;

/** Defines {@code java:app/jdbc/promptfloe} on a loopback port where no database listens. */
@DataSourceDefinition(name = "java:app/jdbc/promptfloe", className = "org.postgresql.ds.PGSimpleDataSource",
        serverName = "127.0.0.1", portNumber = 1, databaseName = "test", user = "postgres",
        transactional = false, properties = {"connectTimeout=2", "loginTimeout=2"})
@WebServlet("/test/closed-port-datasource")
public class ClosedPortDataSource extends HttpServlet {
    private static final long serialVersionUID = 1L;
}
