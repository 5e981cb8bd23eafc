package dev.surge.tools.bench;

import dev.surge.tools.bench.BenchTargets.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/** {@code docs/benchmarks.md}, written by {@code surge bench all}: the run, its figures and how to read them. */
final class BenchMarkdown {

    private BenchMarkdown() {
    }

    static void write(Path file, String command, Instant date, Machine machine, List<ScenarioResult> results,
                      Map<String, String> failed, List<Target> targets) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, render(command, date, machine, results, failed, targets));
    }

    static String render(String command, Instant date, Machine machine, List<ScenarioResult> results,
                         Map<String, String> failed, List<Target> targets) {
        StringBuilder md = new StringBuilder();
        md.append("# Benchmarks\n\n")
                .append("Written by `").append(command).append("` on ")
                .append(date.truncatedTo(ChronoUnit.SECONDS)).append(" (UTC). Machine: ").append(machine.describe())
                .append(". Everything ran in one JVM on this machine: the Kafka broker, Surge, the baselines and the")
                .append(" load generator share its cores.\n\n");
        md.append("## Results\n\n")
                .append("Latency in ms. Invariants: units oversold / accepted orders without a result / with more than")
                .append(" one (for events: 0 / accepted events not counted / counted beyond those sent).\n\n");
        row(md, BenchReport.RESULT_HEADER);
        row(md, BenchReport.RESULT_HEADER.stream().map(h -> "---").toList());
        results.forEach(r -> row(md, BenchReport.cells(r)));
        if (!failed.isEmpty()) {
            md.append('\n');
            failed.forEach((scenario, why) -> md.append("- **").append(scenario).append(" failed:** ").append(why)
                    .append('\n'));
        }
        md.append("\n## Targets\n\n");
        row(md, BenchReport.TARGET_HEADER);
        row(md, BenchReport.TARGET_HEADER.stream().map(h -> "---").toList());
        targets.forEach(t -> row(md, BenchReport.cells(t)));
        md.append("""

                ## How to read this

                - **Closed model** (`closed 64`): 64 clients, each sending its next request as soon as the last was
                  answered. The throughput is what the server sustains; the latency is mostly the time requests
                  queue inside it at saturation, so it says little about a server that is not saturated.
                - **Open model** (`open 5000/s`): requests start on a fixed schedule whatever the answers do, and each
                  latency counts from when the request was *due*, not when it went out. A stalled server therefore
                  shows its stall in every request that was due meanwhile, instead of hiding it by sending less
                  (coordinated omission). A request that could not start within 1 s of its due time is skipped and
                  counted under `backlog`.
                - **Catch-up scenarios** (`topology`, `hot`, `baseline-kafka`, `baseline-redis-lua`): the orders are
                  produced to Kafka first, then the processor starts; throughput runs from the first to the last result,
                  so start-up is left out. `events` runs from its first measured send until the topology has counted
                  every accepted event (read back over HTTP).
                - **Ratios, not absolute figures.** On a 2-core machine shared by the broker, the system under test
                  and the load generator, absolute figures move by tens of percent between runs. Each target compares
                  two scenarios of the same run, which suffer the same noise; the latency targets are absolute and
                  therefore the least stable lines here.
                - `ingress-half-rate` is `ingress` again, open model at half the throughput the closed run reached:
                  the latency target is for a server with headroom, not one at saturation.
                - The HTTP scenarios run against one Surge of role `all`: while `ingress` is measured, the topology
                  processes the orders it accepts on the same cores. The baselines have no such consumer.
                - The load generator is the bench's own HTTP/1.1 client on virtual threads, one connection per client;
                  it costs about 25 µs of CPU per request on this machine (Helidon's WebClient 90–200 µs, the JDK's
                  client 130–400 µs), which it takes from the server it measures.
                """);
        return md.toString();
    }

    private static void row(StringBuilder md, List<String> cells) {
        md.append('|');
        cells.forEach(c -> md.append(' ').append(c.replace("|", "\\|")).append(" |"));
        md.append('\n');
    }
}
