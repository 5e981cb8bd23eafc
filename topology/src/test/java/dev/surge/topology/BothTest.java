package dev.surge.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.surge.schemas.DlqRecord;
import dev.surge.schemas.Metric;
import dev.surge.schemas.OrderStatus;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Two listeners as one: each hears every outcome, the first first, including outcomes added later. */
class BothTest {

    private static final Map<Class<?>, Object> ARGUMENTS = Map.of(
            OrderStatus.class, OrderStatus.RESERVED,
            Duration.class, Duration.ofMillis(7),
            String.class, "orders",
            int.class, 3,
            DlqRecord.Reason.class, DlqRecord.Reason.SCHEMA_VIOLATION,
            Metric.Dimension.class, Metric.Dimension.EVENT_TYPE);

    @Test
    void everyOutcomeReachesBothInOrder() throws Exception {
        List<String> heard = new ArrayList<>();
        ProcessingOutcomes both = ProcessingOutcomes.both(listener("first", heard), listener("second", heard));
        List<Method> outcomes = Arrays.stream(ProcessingOutcomes.class.getMethods())
                .filter(method -> !Modifier.isStatic(method.getModifiers())).toList();

        for (Method outcome : outcomes) {
            heard.clear();
            Object[] args = Arrays.stream(outcome.getParameterTypes()).map(ARGUMENTS::get).toArray();

            outcome.invoke(both, args);

            String call = outcome.getName() + Arrays.toString(args);
            assertThat(heard).as(outcome.getName()).containsExactly("first " + call, "second " + call);
        }
        assertThat(outcomes).as("the check sees the inherited event outcomes too").hasSizeGreaterThan(10);
    }

    private static ProcessingOutcomes listener(String name, List<String> heard) {
        return (ProcessingOutcomes) Proxy.newProxyInstance(ProcessingOutcomes.class.getClassLoader(),
                new Class<?>[] {ProcessingOutcomes.class}, (proxy, method, args) -> {
                    heard.add(name + " " + method.getName() + Arrays.toString(args == null ? new Object[0] : args));
                    return null;
                });
    }
}
