/**
 * Internals of the JDBC ledger: SQL per database, message redaction. Not a public API; it may change
 * in any release.
 */
package com.promptfloe.webhooks.jdbc.internal;
