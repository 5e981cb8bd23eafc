package dev.surge.node.health;

/** One component's health, asked each time /health is read. Must answer quickly and never throw. */
public interface HealthCheck {

    /** DEGRADED: working around a failure (say, Redis down and failing open); not a reason to stop routing here. */
    enum Status { UP, DEGRADED, DOWN }

    record Health(Status status, String detail) {

        public static Health up(String detail) {
            return new Health(Status.UP, detail);
        }

        public static Health degraded(String detail) {
            return new Health(Status.DEGRADED, detail);
        }

        public static Health down(String detail) {
            return new Health(Status.DOWN, detail);
        }
    }

    String name();

    Health check();

    /** Whether this component being DOWN makes the instance unready (503 on /health/ready). */
    default boolean required() {
        return true;
    }
}
