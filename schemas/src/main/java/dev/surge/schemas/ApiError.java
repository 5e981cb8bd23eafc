package dev.surge.schemas;

import java.util.List;

/** The body of every HTTP error Surge answers with, whichever module answers. */
public record ApiError(String error, String message, List<FieldError> details, String correlationId) {

    public ApiError {
        details = details == null ? List.of() : List.copyOf(details);
    }

    public static ApiError of(String error, String message, String correlationId) {
        return new ApiError(error, message, List.of(), correlationId);
    }
}
