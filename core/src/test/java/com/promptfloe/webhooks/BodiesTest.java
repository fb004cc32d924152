package com.promptfloe.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class BodiesTest {

    @Test
    void readsABodyUpToTheLimit() throws Exception {
        assertThat(Bodies.readAtMost(new ByteArrayInputStream(new byte[10]), 10)).hasSize(10);
        assertThat(Bodies.readAtMost(new ByteArrayInputStream(new byte[0]), 10)).isEmpty();
    }

    @Test
    void refusesALargerBodyWithoutReadingItAll() {
        AtomicLong served = new AtomicLong();
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                served.incrementAndGet();
                return 'x';
            }
        };
        assertThatThrownBy(() -> Bodies.readAtMost(endless, 1024))
                .isInstanceOf(PayloadTooLargeException.class).hasMessageContaining("1024 bytes");
        assertThat(served.get()).isEqualTo(1025);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "application/json|true", "application/json; charset=utf-8|true", "Application/JSON;charset=UTF-8|true",
        " application/json |true", "text/plain|false", "application/jsonp|false", "application/x-www-form-urlencoded|false",
        "application/json-patch+json|false"})
    void recognisesJson(String contentType, boolean json) {
        assertThat(Bodies.isJson(contentType)).isEqualTo(json);
    }

    @Test
    void noContentTypeIsNotJson() {
        assertThat(Bodies.isJson(null)).isFalse();
    }
}
