/**
 * Share the delivery ledger between every node of a cluster through a database table: build a
 * {@link com.promptfloe.webhooks.jdbc.JdbcDeliveryLedger} on the application's
 * {@link javax.sql.DataSource} and hand it to the receiver. The durable inbox
 * ({@link com.promptfloe.webhooks.jdbc.JdbcDeliveryInbox}) and the delivery journal
 * ({@link com.promptfloe.webhooks.jdbc.JdbcDeliveryJournal}) keep their tables the same way.
 */
package com.promptfloe.webhooks.jdbc;
