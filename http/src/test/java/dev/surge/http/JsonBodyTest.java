package dev.surge.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonBodyTest {

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "application/json; charset=utf-8", "APPLICATION/JSON;CHARSET=UTF-8",
            "application/json; charset=\"utf-8\"", " application/json ; foo=bar"})
    void acceptsUtf8Json(String contentType) {
        assertThat(JsonBody.isJson(Optional.of(contentType))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "text/plain", "application/jsonx", "application/json-patch+json", "application/*",
            "application/json; charset=utf-16", "application/json; charset", "garbage;;;="})
    void refusesAnythingElse(String contentType) {
        assertThat(JsonBody.isJson(Optional.of(contentType))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/x-ndjson", "application/x-ndjson; charset=UTF-8"})
    void takesOtherJsonMediaTypesByName(String contentType) {
        assertThat(JsonBody.isUtf8(Optional.of(contentType), "application/x-ndjson")).isTrue();
        assertThat(JsonBody.isJson(Optional.of(contentType))).isFalse();
    }
}
