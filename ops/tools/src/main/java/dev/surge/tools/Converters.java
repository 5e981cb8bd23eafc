package dev.surge.tools;

import dev.surge.config.Durations;
import java.time.Duration;
import java.util.function.Function;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The option types the commands share. A converter's message says what is wrong with the value
 * ({@code 'fast' is not a positive whole number}); {@link UsageErrors} puts the option's name in
 * front. Picocli makes annotated converters itself, hence one small class each.
 */
public final class Converters {

    private Converters() {
    }

    /**
     * {@code parse(text)}, with its IllegalArgumentException as a conversion error: picocli
     * reports any other exception as "cannot convert", which hides the parser's own reason.
     */
    public static <T> T convert(String text, Function<String, T> parse) {
        try {
            return parse.apply(text);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    /** 1 or more. */
    public static final class PositiveInt implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String text) {
            try {
                int n = Integer.parseInt(text.trim());
                if (n > 0) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // Reported below.
            }
            throw new TypeConversionException("'" + text + "' is not a positive whole number");
        }
    }

    /** {@code 30s}, {@code 500ms}, {@code 2m}, ... (the settings' format): more than zero. */
    public static final class PositiveDuration implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String text) {
            Duration duration = Converters.convert(text, Durations::parse);
            if (duration.isNegative() || duration.isZero()) {
                throw new TypeConversionException("'" + text + "' must be more than 0");
            }
            return duration;
        }
    }

    /** As {@link PositiveDuration}, zero allowed. */
    public static final class NonNegativeDuration implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String text) {
            Duration duration = Converters.convert(text, Durations::parse);
            if (duration.isNegative()) {
                throw new TypeConversionException("'" + text + "' must be 0 or more");
            }
            return duration;
        }
    }

    /** Any text but an empty one: {@code --bootstrap-servers=} is a mistake, not "none". */
    public static final class NotBlank implements ITypeConverter<String> {
        @Override
        public String convert(String text) {
            if (text.isBlank()) {
                throw new TypeConversionException("needs a value");
            }
            return text;
        }
    }
}
