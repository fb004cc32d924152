/**
 * Inbox mode: store each verified delivery durably, acknowledge it at once, and process it afterwards
 * with retries and a dead-letter state. {@link com.promptfloe.webhooks.inbox.InboxReceiver} stores,
 * {@link com.promptfloe.webhooks.inbox.InboxWorker} processes, and
 * {@link com.promptfloe.webhooks.inbox.DeliveryInbox} is the SPI a durable store implements (the JDBC
 * module has one for any DataSource).
 */
package com.promptfloe.webhooks.inbox;
