package dev.surge.tools.bench.http;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/** Setup and checks that go faster over a few connections than over one: one task per element. */
final class Parallel {

    /** As many as the setup needs without opening a connection per item. */
    static final int CONNECTIONS = 8;

    @FunctionalInterface
    interface Task<T> {
        void run(T element) throws Exception;
    }

    private Parallel() {
    }

    /** Runs {@code task} for every element on {@link #CONNECTIONS} virtual threads; the first failure is thrown. */
    static <T> void forEach(List<T> elements, Task<T> task) throws Exception {
        AtomicInteger next = new AtomicInteger();
        try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Object>> done = IntStream.range(0, CONNECTIONS).mapToObj(w -> workers.submit(() -> {
                for (int i = next.getAndIncrement(); i < elements.size(); i = next.getAndIncrement()) {
                    task.run(elements.get(i));
                }
                return null;
            })).toList();
            for (Future<Object> worker : done) {
                try {
                    worker.get();
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof Exception cause ? cause : e;
                }
            }
        }
    }
}
