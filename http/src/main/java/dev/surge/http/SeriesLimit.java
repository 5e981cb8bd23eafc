package dev.surge.http;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At most so many series per meter name, whatever its labels: a backstop for any label that turns
 * out to take values from outside (as the HTTP method did), so that it costs a warning and a few
 * missing series, never the heap. Meters refused are no-ops, and Micrometer keeps nothing of them.
 */
public final class SeriesLimit implements MeterFilter {

    private static final Logger log = LoggerFactory.getLogger(SeriesLimit.class);

    private final int maxPerName;
    private final ConcurrentMap<String, Set<List<Tag>>> series = new ConcurrentHashMap<>();
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    private SeriesLimit(int maxPerName) {
        this.maxPerName = maxPerName;
    }

    /** Installs the limit: call before any meter is registered, as filters apply to new meters only. */
    public static void apply(MeterRegistry registry, int maxPerName) {
        registry.config().meterFilter(new SeriesLimit(maxPerName));
    }

    @Override
    public MeterFilterReply accept(Meter.Id id) {
        Set<List<Tag>> known = series.computeIfAbsent(id.getName(), name -> ConcurrentHashMap.newKeySet());
        List<Tag> tags = id.getTags();
        if (known.contains(tags)) {
            return MeterFilterReply.NEUTRAL;
        }
        synchronized (known) {
            if (known.size() >= maxPerName) {
                if (warned.add(id.getName())) {
                    log.warn("meter {} reached {} series; further label values are not recorded", id.getName(),
                            maxPerName);
                }
                return MeterFilterReply.DENY;
            }
            known.add(tags);
        }
        return MeterFilterReply.NEUTRAL;
    }
}
