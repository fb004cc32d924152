/**
 * Share the delivery ledger between every node of a cluster through a database table: build a
 * {@link com.promptfloe.webhooks.jdbc.JdbcDeliveryLedger} on the application's
 * {@link javax.sql.DataSource} and hand it to the receiver.
 */
package com.promptfloe.webhooks.jdbc;
