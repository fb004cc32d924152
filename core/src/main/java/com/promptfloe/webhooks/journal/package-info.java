/**
 * The delivery journal: a record of every request that reached a receive path and every inbox
 * attempt, for people on call and the console. {@link com.promptfloe.webhooks.journal.JournalListener}
 * writes it, {@link com.promptfloe.webhooks.journal.DeliveryJournal} is the SPI (in memory here,
 * JDBC in the jdbc module).
 */
package com.promptfloe.webhooks.journal;
