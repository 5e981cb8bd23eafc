package dev.surge.schemas;

import java.util.List;

/** The outcome of reading an untrusted message: the typed value, or every reason it was refused. */
public sealed interface Validated<T> {

    record Valid<T>(T value) implements Validated<T> {
    }

    /** {@code notJson} tells a body that does not parse from one that breaks the schema. */
    record Invalid<T>(boolean notJson, List<FieldError> errors) implements Validated<T> {

        public String describe() {
            StringBuilder text = new StringBuilder();
            for (FieldError error : errors) {
                if (!text.isEmpty()) {
                    text.append("; ");
                }
                text.append(error.field().isEmpty() ? "body" : error.field()).append(": ").append(error.message());
            }
            return text.toString();
        }
    }
}
