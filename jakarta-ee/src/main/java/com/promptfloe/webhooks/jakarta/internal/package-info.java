/**
 * Implementation of the Jakarta EE integration: configuration, registration, CDI glue. Not an API:
 * anything here may change in any release.
 */
package com.promptfloe.webhooks.jakarta.internal;
