package dev.surge.ops.health;

/** One component's health, asked each time /health is read. Must answer quickly and never throw. */
public interface HealthCheck {

    enum Status { UP, DOWN }

    record Health(Status status, String detail) {

        public static Health up(String detail) {
            return new Health(Status.UP, detail);
        }

        public static Health down(String detail) {
            return new Health(Status.DOWN, detail);
        }
    }

    String name();

    Health check();
}
