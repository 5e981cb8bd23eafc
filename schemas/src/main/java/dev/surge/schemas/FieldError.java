package dev.surge.schemas;

/** One failing field of a message: {@code field} is a JSON path without the leading "$." ("" for the whole body). */
public record FieldError(String field, String message) {
}
