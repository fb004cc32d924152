package com.promptfloe.webhooks.jakarta.internal;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * The request as the application sees it in verify-only mode: the body was consumed for the
 * signature, so it is served again from the verified bytes.
 *
 * <p>Like a container's request, every call of {@link #getInputStream()} returns the same stream
 * (and of {@link #getReader()} the same reader): Jersey (GlassFish, Payara) calls
 * {@code getInputStream()} again for each read, and a fresh stream each time would hand it the
 * first bytes forever.
 */
public final class ReplayableRequest extends HttpServletRequestWrapper {

    private final byte[] body;
    private BytesInputStream stream;
    private BufferedReader reader;

    /**
     * Wraps a request whose body has been read.
     *
     * @param request the original request
     * @param body    the bytes that were verified
     */
    public ReplayableRequest(HttpServletRequest request, byte[] body) {
        super(request);
        this.body = body;
    }

    @Override
    public synchronized ServletInputStream getInputStream() {
        if (stream == null) {
            stream = new BytesInputStream(body);
        }
        return stream;
    }

    @Override
    public synchronized BufferedReader getReader() throws IOException {
        if (reader == null) {
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
            reader = new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body), charset));
        }
        return reader;
    }

    @Override
    public int getContentLength() {
        return body.length;
    }

    @Override
    public long getContentLengthLong() {
        return body.length;
    }

    private static final class BytesInputStream extends ServletInputStream {
        private final ByteArrayInputStream in;

        BytesInputStream(byte[] body) {
            this.in = new ByteArrayInputStream(body);
        }

        @Override
        public int read() {
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            return in.read(b, off, len);
        }

        @Override
        public boolean isFinished() {
            return in.available() == 0;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
            // Everything is in memory already: report it at once, as a container would for a fully read body.
            try {
                if (!isFinished()) {
                    listener.onDataAvailable();
                }
                listener.onAllDataRead();
            } catch (IOException e) {
                listener.onError(e);
            }
        }
    }
}
