/** Not API: the client's wire shapes and helpers; may change in any release. */
package com.promptfloe.webhooks.client.internal;
