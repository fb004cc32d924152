package com.promptfloe.webhooks.jakarta;

import com.promptfloe.webhooks.Admission;
import com.promptfloe.webhooks.Bodies;
import com.promptfloe.webhooks.Outcome;
import com.promptfloe.webhooks.PayloadTooLargeException;
import com.promptfloe.webhooks.ReceiveResult;
import com.promptfloe.webhooks.WebhookReceiver;
import com.promptfloe.webhooks.event.PromptFloeEvent;
import com.promptfloe.webhooks.inbox.InboxReceiver;
import com.promptfloe.webhooks.jakarta.internal.CdiDispatcher;
import com.promptfloe.webhooks.jakarta.internal.ConfigLookup;
import com.promptfloe.webhooks.jakarta.internal.ConfigProblem;
import com.promptfloe.webhooks.jakarta.internal.Inboxes;
import com.promptfloe.webhooks.jakarta.internal.Journals;
import com.promptfloe.webhooks.jakarta.internal.Ledgers;
import com.promptfloe.webhooks.jakarta.internal.ReplayableRequest;
import com.promptfloe.webhooks.jakarta.internal.Responses;
import com.promptfloe.webhooks.jakarta.internal.WebhookSettings;
import com.promptfloe.webhooks.jakarta.internal.monitoring.Monitoring;
import com.promptfloe.webhooks.monitoring.DeliveryObservation;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Receives PromptFloe webhooks at one path: declare it in web.xml only when the automatic
 * registration does not fit (it is added for you when {@code promptfloe.webhooks.secret} is set).
 *
 * <pre>{@code
 * <filter>
 *   <filter-name>promptfloe</filter-name>
 *   <filter-class>com.promptfloe.webhooks.jakarta.PromptFloeWebhookFilter</filter-class>
 *   <init-param>
 *     <param-name>promptfloe.webhooks.secret</param-name>
 *     <param-value>whsec_...</param-value>
 *   </init-param>
 * </filter>
 * <filter-mapping>
 *   <filter-name>promptfloe</filter-name>
 *   <url-pattern>/hooks/promptfloe</url-pattern>
 * </filter-mapping>
 * }</pre>
 *
 * <p>Each POST is checked (method, JSON content type, body size, headers, signature, envelope),
 * deduplicated by the delivery ledger, then, in the default {@code dispatch} mode, fired as a
 * typed CDI event and answered here: the rest of the filter chain is never called. In
 * {@code verify-only} mode the request goes on to the application with the body readable again
 * and the event in the request attribute {@link #EVENT_ATTRIBUTE}; a 2xx answer from the
 * application marks the delivery done, anything else lets PromptFloe's retry through. In
 * {@code inbox} mode the delivery is stored in the application's inbox and answered 202; the
 * inbox worker fires the CDI events afterwards and retries failed observers.
 *
 * <p>Configuration is read once, in {@link #init()}; see {@link PromptFloeWebhooksConfig}.
 */
public class PromptFloeWebhookFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    /** Request attribute holding the verified {@link PromptFloeEvent} in verify-only mode. */
    public static final String EVENT_ATTRIBUTE = "com.promptfloe.webhooks.event";

    /**
     * Init-param naming the endpoint a filter serves; the automatic registration sets it, a filter
     * declared by hand serves {@link PromptFloeEndpoint#DEFAULT} unless it sets it too.
     */
    public static final String ENDPOINT_INIT_PARAM = "com.promptfloe.webhooks.endpoint-name";

    private static final System.Logger LOG = System.getLogger(PromptFloeWebhookFilter.class.getName());

    private transient WebhookSettings.Endpoint endpoint;
    private transient WebhookReceiver receiver;
    private transient CdiDispatcher dispatcher;
    private transient InboxReceiver inboxReceiver;

    @Override
    public void init() throws ServletException {
        String name = WebhookSettings.endpointName(getInitParameter(ENDPOINT_INIT_PARAM));
        try {
            ConfigLookup config = ConfigLookup.forWeb(getFilterConfig(), getServletContext());
            endpoint = WebhookSettings.endpoint(config, name);
            Monitoring monitoring = Monitoring.forApplication(getServletContext());
            receiver = WebhookReceiver.builder().endpoint(endpoint.name()).secrets(endpoint.secrets())
                    .tolerance(endpoint.tolerance()).ledger(Ledgers.forApplication(getServletContext(), config))
                    .listener(Journals.with(monitoring.listener(), Journals.forApplication(getServletContext(),
                            ConfigLookup.forWeb(null, getServletContext())))).build();
            dispatcher = endpoint.mode() == WebhookSettings.Mode.DISPATCH
                    ? CdiDispatcher.forEndpoint(endpoint.name(), getServletContext()) : null;
            inboxReceiver = endpoint.mode() == WebhookSettings.Mode.INBOX
                    ? InboxReceiver.builder(receiver, Inboxes.forApplication(getServletContext())).build() : null;
        } catch (ConfigProblem e) {
            LOG.log(Level.ERROR, "PromptFloe webhook filter '" + getFilterName() + "' cannot start: " + e.getMessage());
            throw new ServletException(e.getMessage(), e);
        }
        Monitoring.forApplication(getServletContext()).started(endpoint.name());
        LOG.log(Level.INFO, "PromptFloe webhooks: endpoint '" + endpoint.name() + "' in "
                + endpoint.mode().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + " mode, "
                + endpoint.secrets().size() + " secret(s), tolerance " + endpoint.tolerance() + ", body limit "
                + endpoint.maxBodySize() + " bytes");
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!"POST".equals(request.getMethod())) {
            answer(request, response, receiver.refuse(Outcome.METHOD_NOT_ALLOWED, request.getMethod()));
            return;
        }
        if (!Bodies.isJson(request.getContentType())) {
            answer(request, response, receiver.refuse(Outcome.UNSUPPORTED_MEDIA_TYPE, "" + request.getContentType()));
            return;
        }
        byte[] body;
        try {
            // A declared length over the limit is refused before a single byte is buffered.
            if (request.getContentLengthLong() > endpoint.maxBodySize()) {
                throw new PayloadTooLargeException(endpoint.maxBodySize());
            }
            body = Bodies.readAtMost(request.getInputStream(), endpoint.maxBodySize());
        } catch (PayloadTooLargeException e) {
            answer(request, response, receiver.refuse(Outcome.PAYLOAD_TOO_LARGE, e.getMessage()));
            return;
        }
        if (inboxReceiver != null) {
            answer(request, response, inboxReceiver.receive(request::getHeader, body));
            return;
        }
        Admission admission = receiver.admit(request::getHeader, body);
        if (!admission.admitted()) {
            answer(request, response, admission.result());
            return;
        }
        if (dispatcher != null) {
            dispatch(request, response, admission);
        } else {
            passOn(request, response, chain, admission, body);
        }
    }

    @SuppressWarnings("try") // the handling is only held open around the observers, never read
    private void dispatch(HttpServletRequest request, HttpServletResponse response, Admission admission)
            throws IOException {
        PromptFloeEvent event = admission.event();
        // The delivery's span is current while the observers run: spans they open are its children.
        try (DeliveryObservation.Handling handling = admission.handling()) {
            dispatcher.fire(event);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "an observer of PromptFloe " + event.type() + " " + event.id() + " (delivery "
                    + event.deliveryId() + ") failed; answering 500 so PromptFloe retries", e);
            answer(request, response, admission.abandon(e));
            return;
        } catch (Error e) {
            admission.abandon(e);
            throw e;
        }
        ReceiveResult result = admission.complete();
        if (result.outcome() == Outcome.PROCESSED) {
            dispatcher.fireAsync(event);
        }
        answer(request, response, result);
    }

    @SuppressWarnings("try") // the handling is only held open around the application, never read
    private void passOn(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
            Admission admission, byte[] body) throws IOException, ServletException {
        request.setAttribute(EVENT_ATTRIBUTE, admission.event());
        try (DeliveryObservation.Handling handling = admission.handling()) {
            chain.doFilter(new ReplayableRequest(request, body), response);
        } catch (IOException | ServletException | RuntimeException | Error e) {
            admission.abandon(e);
            throw e;
        }
        if (request.isAsyncStarted()) {
            request.getAsyncContext().addListener(new SettleWhenDone(admission, response));
        } else {
            settle(admission, response.getStatus());
        }
    }

    private static void settle(Admission admission, int status) {
        if (status >= 200 && status < 300) {
            ReceiveResult result = admission.complete();
            if (result.outcome() != Outcome.PROCESSED) {
                LOG.log(Level.WARNING, "PromptFloe delivery " + admission.event().deliveryId() + " was answered "
                        + status + " by the application but could not be recorded as done: " + result.detail());
            }
        } else {
            admission.abandon(new IllegalStateException("the application answered " + status));
        }
    }

    private void answer(HttpServletRequest request, HttpServletResponse response, ReceiveResult result)
            throws IOException {
        if (result.httpStatus() >= 500) {
            LOG.log(Level.WARNING, "PromptFloe delivery on endpoint '" + endpoint.name() + "': " + result.httpStatus()
                    + " " + result.reason() + ": " + result.detail());
        } else {
            LOG.log(Level.DEBUG, () -> "PromptFloe delivery on endpoint '" + endpoint.name() + "': "
                    + result.httpStatus() + " " + result.reason() + ": " + result.detail());
        }
        Responses.write(request, response, result);
    }

    /** Settles a delivery whose application answer completes asynchronously. */
    private static final class SettleWhenDone implements AsyncListener {
        private final Admission admission;
        private final HttpServletResponse response;
        // A timeout or an error is followed by onComplete: settle only once.
        private final AtomicBoolean settled = new AtomicBoolean();

        SettleWhenDone(Admission admission, HttpServletResponse response) {
            this.admission = admission;
            this.response = response;
        }

        @Override
        public void onComplete(AsyncEvent event) {
            if (settled.compareAndSet(false, true)) {
                settle(admission, response.getStatus());
            }
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            if (settled.compareAndSet(false, true)) {
                admission.abandon(new IllegalStateException("the application's asynchronous answer timed out"));
            }
        }

        @Override
        public void onError(AsyncEvent event) {
            if (settled.compareAndSet(false, true)) {
                admission.abandon(event.getThrowable() != null ? event.getThrowable()
                        : new IllegalStateException("the application's asynchronous answer failed"));
            }
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            event.getAsyncContext().addListener(this);
        }
    }
}
