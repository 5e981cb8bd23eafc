package dev.surge.query;

/** A query parameter a metrics request cannot be answered with; its message names the parameter, for a 400. */
final class InvalidParameter extends IllegalArgumentException {

    private final String parameter;
    private final String problem;

    InvalidParameter(String parameter, String problem) {
        super(parameter + ": " + problem);
        this.parameter = parameter;
        this.problem = problem;
    }

    String parameter() {
        return parameter;
    }

    String problem() {
        return problem;
    }
}
