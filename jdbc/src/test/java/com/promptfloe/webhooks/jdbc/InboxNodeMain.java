package com.promptfloe.webhooks.jdbc;

import com.promptfloe.webhooks.Bodies;
import com.promptfloe.webhooks.EventHandler;
import com.promptfloe.webhooks.ReceiveResult;
import com.promptfloe.webhooks.Secret;
import com.promptfloe.webhooks.WebhookReceiver;
import com.promptfloe.webhooks.inbox.InboxReceiver;
import com.promptfloe.webhooks.inbox.InboxWorker;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.sql.DataSource;

/**
 * One "node" for {@link InboxRestartTest}, run in a JVM of its own so the test can kill it: an HTTP
 * endpoint in inbox mode on PostgreSQL and a worker whose handler either blocks forever
 * ({@code block}) or records the event in a table ({@code complete}). It prints {@code PORT n} when
 * it listens and {@code STARTED id} when a handler begins.
 *
 * <p>Arguments: mode, inbox table, ledger table, completions table, secret.
 */
public final class InboxNodeMain {

    /** The path deliveries are posted to. */
    static final String PATH = "/webhooks/promptfloe";
    /** Handlers running at once, and entries claimed at once. */
    static final int HANDLERS = 4;
    /** Short, so that the next node takes over the killed node's claims quickly. */
    static final Duration LEASE = Duration.ofSeconds(3);

    private InboxNodeMain() {
    }

    /**
     * Runs the node until the process is killed.
     *
     * @param args mode, inbox table, ledger table, completions table, secret
     * @throws Exception when the node cannot start
     */
    public static void main(String[] args) throws Exception {
        boolean block = args[0].equals("block");
        String inboxTable = args[1];
        String ledgerTable = args[2];
        String completions = args[3];
        DataSource dataSource = TestDatabase.POSTGRESQL.newDataSource();

        JdbcDeliveryInbox inbox = JdbcDeliveryInbox.builder(dataSource).table(inboxTable).build();
        WebhookReceiver receiver = WebhookReceiver.builder().secret(Secret.of(args[4]))
                .ledger(JdbcDeliveryLedger.builder(dataSource).table(ledgerTable).build()).build();
        InboxReceiver inboxReceiver = InboxReceiver.builder(receiver, inbox).build();

        EventHandler handler = block ? event -> {
            say("STARTED " + event.id());
            new CountDownLatch(1).await(); // until the process is killed
        } : event -> {
            try (Connection connection = dataSource.getConnection();
                    PreparedStatement insert = connection.prepareStatement("INSERT INTO " + completions
                            + " (event_id, delivery_id, pid) VALUES (?, ?, ?)")) {
                insert.setString(1, event.id());
                insert.setString(2, event.deliveryId());
                insert.setLong(3, ProcessHandle.current().pid());
                insert.executeUpdate();
            }
        };
        ExecutorService handlers = Executors.newFixedThreadPool(HANDLERS);
        InboxWorker worker = InboxWorker.builder(inbox).handler(handler).executor(handlers).batchSize(HANDLERS)
                .lease(LEASE).pollInterval(Duration.ofMillis(50)).build();

        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext(PATH, exchange -> answer(exchange, inboxReceiver));
        server.start();
        worker.start();
        say("PORT " + server.getAddress().getPort());
        new CountDownLatch(1).await();
    }

    private static void answer(HttpExchange exchange, InboxReceiver receiver) throws IOException {
        try (exchange) {
            byte[] body = Bodies.readAtMost(exchange.getRequestBody(), 1024 * 1024);
            ReceiveResult result = receiver.receive(exchange.getRequestHeaders()::getFirst, body);
            byte[] reason = result.reason().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(result.httpStatus(), reason.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reason);
            }
        }
    }

    private static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
