package dev.surge.ingress;

import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts a {@link RunningIngress} for the tests of a class, stops it after them, and hands it to any
 * test that takes a {@code RunningIngress} parameter. Registered with {@code @RegisterExtension} on
 * a static field, one ingress serves the whole class, its publisher cleared before each test; on an
 * instance field, each test gets an ingress of its own.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final IngressExtension server = new IngressExtension(() -> new RunningIngress(settings));
 *
 * @Test
 * void answers202(RunningIngress ingress) { ... }
 * }</pre>
 *
 * Tests that need an ingress configured differently from the class's open their own with
 * try-with-resources.
 */
public final class IngressExtension implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback,
        AfterAllCallback, ParameterResolver {

    private final Supplier<RunningIngress> start;
    private RunningIngress ingress;
    private boolean shared;

    /** The ingress {@link RunningIngress#RunningIngress()} makes: rate limits off. */
    public IngressExtension() {
        this(RunningIngress::new);
    }

    public IngressExtension(Supplier<RunningIngress> start) {
        this.start = start;
    }

    /** The ingress of the test running now, for helpers the test does not hand it to. */
    public RunningIngress ingress() {
        return ingress;
    }

    /** JUnit calls this only for an extension on a static field. */
    @Override
    public void beforeAll(ExtensionContext context) {
        shared = true;
        ingress = start.get();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (shared) {
            // The tests share the server, not what was published on it or a publisher told to fail.
            ingress.publisher.clear();
        } else {
            ingress = start.get();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!shared) {
            stop();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    private void stop() {
        if (ingress == null) {
            return;
        }
        // A test that failed while its publishes were held would leave their requests waiting out the hold.
        ingress.publisher.release();
        ingress.close();
        ingress = null;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == RunningIngress.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return ingress;
    }
}
