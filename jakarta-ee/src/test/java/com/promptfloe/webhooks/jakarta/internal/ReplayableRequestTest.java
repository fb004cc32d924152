package com.promptfloe.webhooks.jakarta.internal;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ReplayableRequestTest {

    private static final byte[] BODY = "{\"id\":\"evt_1\"}".getBytes(StandardCharsets.UTF_8);

    private static ReplayableRequest request() {
        HttpServletRequest original = (HttpServletRequest) Proxy.newProxyInstance(
                ReplayableRequestTest.class.getClassLoader(), new Class<?>[] {HttpServletRequest.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getCharacterEncoding")) {
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return new ReplayableRequest(original, BODY);
    }

    @Test
    void readingThroughGetInputStreamOnEveryCallEndsAfterTheBody() throws IOException {
        // Jersey's way: ask the request for its stream again before every read.
        ReplayableRequest request = request();
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        byte[] buffer = new byte[4];
        int n;
        int reads = 0;
        while ((n = request.getInputStream().read(buffer, 0, buffer.length)) != -1 && reads++ < 100) {
            read.write(buffer, 0, n);
        }

        assertThat(read.toByteArray()).isEqualTo(BODY);
        assertThat(request.getInputStream()).isSameAs(request.getInputStream());
        assertThat(request.getInputStream().isFinished()).isTrue();
    }

    @Test
    void theReaderServesTheBodyOnceLikeAContainersReader() throws IOException {
        ReplayableRequest request = request();

        assertThat(request.getReader().readLine()).isEqualTo("{\"id\":\"evt_1\"}");
        assertThat(request.getReader().readLine()).isNull();
        assertThat(request.getContentLength()).isEqualTo(BODY.length);
    }

    @Test
    void aNewRequestWrapperServesTheBodyAgain() throws IOException {
        ServletInputStream first = request().getInputStream();
        ServletInputStream second = request().getInputStream();

        assertThat(first.readAllBytes()).isEqualTo(BODY);
        assertThat(second.readAllBytes()).isEqualTo(BODY);
    }
}
