package dev.surge.tools.bench.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class FailureKindTest {

    @Test
    void timeoutsAnywhereInTheChainAreTimeouts() {
        assertThat(FailureKind.of(new SocketTimeoutException())).isEqualTo("timeout");
        assertThat(FailureKind.of(new UncheckedIOException(new SocketTimeoutException("read")))).isEqualTo("timeout");
        assertThat(FailureKind.of(new IllegalStateException(new TimeoutException()))).isEqualTo("timeout");
    }

    @Test
    void otherConnectionFailuresAreIoAndTheRestAreNamed() {
        assertThat(FailureKind.of(new ConnectException("refused"))).isEqualTo("io");
        assertThat(FailureKind.of(new UncheckedIOException(new IOException("reset")))).isEqualTo("io");
        assertThat(FailureKind.of(new IllegalStateException("bad answer"))).isEqualTo("IllegalStateException");
    }
}
