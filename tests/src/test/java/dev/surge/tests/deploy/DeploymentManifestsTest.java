package dev.surge.tests.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.surge.config.ApiKeysSetting;
import dev.surge.config.Role;
import dev.surge.config.SurgeConfig;
import dev.surge.schemas.Topics;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes manifests (ops/k8s) and docker-compose.yml: what would only show up on a real
 * cluster or a real `docker-compose up` — a setting Surge does not read, a Service that selects no
 * pod, more processors than partitions, a grace period shorter than the drain — fails here.
 */
class DeploymentManifestsTest {

    private static final String NAMESPACE = "surge";
    private static final Set<String> REQUIRED_KINDS = Set.of("Namespace", "ConfigMap", "Secret", "Deployment",
            "Service", "HorizontalPodAutoscaler", "StatefulSet", "PodDisruptionBudget", "ScaledObject");
    private static final Set<String> REQUIRED_SERVICES = Set.of("kafka", "redis", "ingress-1", "ingress-2",
            "processor-1", "processor-2", "prometheus", "grafana");
    private static final Pattern DEPENDENT_VAR = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

    private static Path root;
    private static List<Manifest> manifests;
    private static JsonNode compose;
    private static Set<String> surgeSettings;
    private static Set<String> otherReaders;
    private static Map<String, String> imageEnv;

    record Manifest(Path file, JsonNode doc) {
        String kind() {
            return DeployFiles.at(doc, "kind");
        }

        String name() {
            return DeployFiles.at(doc, "metadata", "name");
        }

        @Override
        public String toString() {
            return kind() + "/" + name() + " (" + file.getFileName() + ")";
        }
    }

    /** One container's environment as Kubernetes would build it, and what went wrong building it. */
    record ContainerEnv(String owner, Map<String, String> values, Set<String> helpers, List<String> problems) {
    }

    @BeforeAll
    static void load() {
        root = DeployFiles.root();
        manifests = new ArrayList<>();
        for (Path file : k8sFiles()) {
            if (!file.getFileName().toString().equals("kustomization.yaml")) {
                DeployFiles.documents(file).forEach(doc -> manifests.add(new Manifest(file, doc)));
            }
        }
        compose = DeployFiles.documents(root.resolve("docker-compose.yml")).getFirst();
        surgeSettings = DeployFiles.surgeSettings();
        otherReaders = DeployFiles.otherReaders(root);
        imageEnv = DeployFiles.dockerEnv(DeployFiles.finalStage(DeployFiles.dockerfile(root.resolve("Dockerfile"))));
    }

    private static List<Path> k8sFiles() {
        Path dir = root.resolve("ops/k8s");
        assertThat(dir).as("ops/k8s").isDirectory();
        List<Path> files = DeployFiles.files(dir, "*.{yaml,yml}");
        assertThat(files).as("manifests in ops/k8s").isNotEmpty();
        return files;
    }

    // ---- Kubernetes -----------------------------------------------------------------------------

    @Test
    void everyManifestHasApiVersionKindAndNameInTheSurgeNamespace() {
        List<String> problems = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Manifest m : manifests) {
            if (!m.doc().isObject()) {
                problems.add(m.file().getFileName() + ": a document that is not a mapping");
                continue;
            }
            for (String field : List.of("apiVersion", "kind")) {
                if (isBlank(DeployFiles.at(m.doc(), field))) {
                    problems.add(m + ": no " + field);
                }
            }
            if (isBlank(m.name())) {
                problems.add(m + ": no metadata.name");
            }
            String namespace = DeployFiles.at(m.doc(), "metadata", "namespace");
            if (!"Namespace".equals(m.kind()) && !NAMESPACE.equals(namespace)) {
                problems.add(m + ": metadata.namespace is " + namespace + ", not " + NAMESPACE);
            }
            if (!seen.add(m.kind() + "/" + m.name())) {
                problems.add(m + ": defined twice");
            }
        }
        assertThat(problems).isEmpty();
        assertThat(one("Namespace").name()).isEqualTo(NAMESPACE);
    }

    @Test
    void everyRequiredKindIsThere() {
        Set<String> kinds = manifests.stream().map(Manifest::kind).collect(Collectors.toSet());
        assertThat(kinds).containsAll(REQUIRED_KINDS);
        assertThat(one("HorizontalPodAutoscaler").doc().path("apiVersion").asText()).isEqualTo("autoscaling/v2");
        assertThat(one("ScaledObject").doc().path("apiVersion").asText()).isEqualTo("keda.sh/v1alpha1");
        assertThat(one("PodDisruptionBudget").doc().path("apiVersion").asText()).isEqualTo("policy/v1");
    }

    @Test
    void kustomizationListsEveryManifestButTheSecret() {
        Path kustomization = root.resolve("ops/k8s/kustomization.yaml");
        assertThat(kustomization).isRegularFile();
        JsonNode doc = DeployFiles.documents(kustomization).getFirst();
        List<String> listed = texts(doc.path("resources"));
        Set<String> secretFiles = manifests.stream().filter(m -> "Secret".equals(m.kind()))
                .map(m -> m.file().getFileName().toString()).collect(Collectors.toSet());
        Set<String> expected = k8sFiles().stream().map(p -> p.getFileName().toString())
                .filter(f -> !f.equals("kustomization.yaml") && !secretFiles.contains(f))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(new TreeSet<>(listed)).as("kustomization.yaml resources").isEqualTo(expected);
        assertThat(listed).as("secrets are created once by hand; `apply -k` would reset them to the placeholder")
                .doesNotContainAnyElementsOf(secretFiles);
        assertThat(doc.path("namespace").asText()).isEqualTo(NAMESPACE);
    }

    @Test
    void theStatefulSetsServiceIsHeadlessAndSelectsItsPods() {
        Manifest sts = one("StatefulSet");
        String serviceName = DeployFiles.at(sts.doc(), "spec", "serviceName");
        assertThat(serviceName).as("StatefulSet spec.serviceName").isNotBlank();
        Manifest service = named("Service", serviceName);
        assertThat(DeployFiles.at(service.doc(), "spec", "clusterIP")).as(service + " clusterIP").isEqualTo("None");
        assertThat(DeployFiles.stringMap(sts.doc().path("spec").path("template").path("metadata").path("labels")))
                .containsAllEntriesOf(DeployFiles.stringMap(service.doc().path("spec").path("selector")));
        assertThat(service.doc().path("spec").path("publishNotReadyAddresses").asBoolean())
                .as("a starting or draining processor must still resolve by name").isTrue();
    }

    @Test
    void everyServiceSelectsPodsOfAWorkloadAndTargetsTheirPorts() {
        List<String> problems = new ArrayList<>();
        for (Manifest service : all("Service")) {
            Map<String, String> selector = DeployFiles.stringMap(service.doc().path("spec").path("selector"));
            List<Manifest> selected = workloads().stream()
                    .filter(w -> !selector.isEmpty() && podLabels(w).entrySet().containsAll(selector.entrySet()))
                    .toList();
            if (selected.isEmpty()) {
                problems.add(service + ": selector " + selector + " matches no workload's pods");
                continue;
            }
            for (JsonNode port : service.doc().path("spec").path("ports")) {
                JsonNode target = port.path("targetPort").isMissingNode() ? port.path("port") : port.path("targetPort");
                for (Manifest w : selected) {
                    boolean found = false;
                    for (JsonNode c : containers(w)) {
                        for (JsonNode cp : c.path("ports")) {
                            found |= target.isInt() ? cp.path("containerPort").asInt() == target.asInt()
                                    : target.asText().equals(cp.path("name").asText());
                        }
                    }
                    if (!found) {
                        problems.add(service + ": targetPort " + target + " is no port of " + w);
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void autoscalersAndTheDisruptionBudgetTargetWhatExists() {
        Manifest hpa = one("HorizontalPodAutoscaler");
        Manifest deployment = target(hpa.doc().path("spec").path("scaleTargetRef"));
        assertThat(deployment.kind()).isEqualTo("Deployment");
        assertThat(hpa.doc().path("spec").path("minReplicas").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(hpa.doc().path("spec").path("maxReplicas").asInt())
                .isGreaterThanOrEqualTo(hpa.doc().path("spec").path("minReplicas").asInt());
        boolean cpuMetric = false;
        for (JsonNode metric : hpa.doc().path("spec").path("metrics")) {
            cpuMetric |= "cpu".equals(DeployFiles.at(metric, "resource", "name"));
        }
        assertThat(cpuMetric).as("the HPA scales on CPU").isTrue();
        for (JsonNode c : containers(deployment)) {
            assertThat(DeployFiles.at(c, "resources", "requests", "cpu"))
                    .as("CPU utilization is relative to the request: container %s of %s", c.path("name").asText(), deployment)
                    .isNotBlank();
        }
        assertThat(deployment.doc().path("spec").has("replicas")).as("the HPA owns the replica count").isFalse();

        Manifest scaled = one("ScaledObject");
        Manifest sts = target(scaled.doc().path("spec").path("scaleTargetRef"));
        assertThat(sts.kind()).isEqualTo("StatefulSet");
        assertThat(sts.doc().path("spec").has("replicas")).as("KEDA owns the replica count").isFalse();

        Manifest pdb = one("PodDisruptionBudget");
        assertThat(pdb.doc().path("spec").path("maxUnavailable").asInt()).isEqualTo(1);
        assertThat(podLabels(sts)).containsAllEntriesOf(
                DeployFiles.stringMap(pdb.doc().path("spec").path("selector").path("matchLabels")));
    }

    @Test
    void processorsNeverOutnumberThePartitionsAndKedaWatchesTheirGroup() {
        Manifest scaled = one("ScaledObject");
        Manifest sts = target(scaled.doc().path("spec").path("scaleTargetRef"));
        SurgeConfig config = surgeConfig(env(sts, containers(sts).getFirst()));
        JsonNode spec = scaled.doc().path("spec");
        int min = spec.path("minReplicaCount").asInt(0);
        int max = spec.path("maxReplicaCount").asInt(-1);
        assertThat(max).as("maxReplicaCount").isPositive()
                .as("maxReplicaCount against TOPIC_PARTITIONS: a consumer beyond the partitions sits idle")
                .isLessThanOrEqualTo(config.kafka().partitions());
        assertThat(min).as("minReplicaCount").isBetween(1, max);

        Topics topics = config.topics();
        Set<String> inputs = Set.of(topics.orders().name(), topics.inventoryCommands().name(), topics.events().name());
        List<String> triggerTopics = new ArrayList<>();
        for (JsonNode trigger : spec.path("triggers")) {
            assertThat(trigger.path("type").asText()).isEqualTo("kafka");
            JsonNode meta = trigger.path("metadata");
            assertThat(meta.path("consumerGroup").asText()).as("the Streams consumer group is APPLICATION_ID")
                    .isEqualTo(config.streams().applicationId());
            assertThat(meta.path("bootstrapServers").asText()).as("the trigger reads the cluster Surge uses")
                    .isEqualTo(config.kafka().bootstrapServers().orElse(null));
            assertThat(meta.path("topic").asText()).as("a topic the topology consumes").isIn(inputs);
            assertThat(Long.parseLong(meta.path("lagThreshold").asText())).isPositive();
            assertThat(meta.path("allowIdleConsumers").asText("false")).isEqualTo("false");
            triggerTopics.add(meta.path("topic").asText());
        }
        assertThat(triggerTopics).contains(topics.orders().name());
    }

    @Test
    void surgeContainersSetOnlyWhatSurgeReads() {
        List<String> problems = new ArrayList<>();
        for (Manifest w : workloads()) {
            for (JsonNode c : containers(w)) {
                ContainerEnv env = env(w, c);
                problems.addAll(env.problems());
                env.values().keySet().stream().filter(n -> !env.helpers().contains(n))
                        .map(n -> DeployFiles.unread(n, surgeSettings, otherReaders)).filter(Objects::nonNull)
                        .forEach(p -> problems.add(env.owner() + ": " + p));
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void surgeContainersHaveValidSettingsForTheirRole() {
        Manifest deployment = one("Deployment");
        SurgeConfig ingress = surgeConfig(env(deployment, containers(deployment).getFirst()));
        assertThat(ingress.role()).isEqualTo(Role.INGRESS);
        assertThat(ingress.kafka().bootstrapServers()).as("without it Surge starts an embedded broker").isPresent();
        assertThat(ingress.ingress().redis().url()).as("replicas share limits and idempotency through Redis").isPresent();

        Manifest sts = one("StatefulSet");
        JsonNode container = containers(sts).getFirst();
        SurgeConfig processor = surgeConfig(env(sts, container));
        assertThat(processor.role()).isEqualTo(Role.PROCESSOR);
        assertThat(processor.kafka().bootstrapServers()).isPresent();
        String headless = DeployFiles.at(sts.doc(), "spec", "serviceName");
        assertThat(processor.applicationServer()).as("APPLICATION_SERVER: the pod's name under the headless Service")
                .isEqualTo(sts.name() + "-0." + headless + "." + NAMESPACE + ".svc.cluster.local:" + processor.http().port());
        assertThat(containerPorts(container)).as("the advertised port is served").contains(processor.http().port());
        assertThat(containerPorts(containers(deployment).getFirst())).contains(ingress.http().port());
    }

    @Test
    void apiKeysComeOnlyFromTheSecretAndItsPlaceholderIsRefused() {
        assertThat(DeployFiles.stringMap(one("ConfigMap").doc().path("data"))).doesNotContainKey("API_KEYS");
        for (Manifest w : workloads()) {
            for (JsonNode c : containers(w)) {
                for (JsonNode e : c.path("env")) {
                    if (e.path("name").asText().equals("API_KEYS")) {
                        assertThat(e.has("value")).as("%s sets API_KEYS in plain text", w).isFalse();
                    }
                }
                assertThat(env(w, c).values()).as("%s gets API_KEYS", w).containsKey("API_KEYS");
            }
        }
        String placeholder = secretData(one("Secret")).get("API_KEYS");
        assertThat(placeholder).as("an empty API_KEYS turns auth off").isNotBlank();
        assertThatThrownBy(() -> ApiKeysSetting.parse(placeholder))
                .as("a forgotten placeholder must stop Surge, not run it").isInstanceOf(IllegalArgumentException.class);
        String tokenPlaceholder = secretData(one("Secret")).get("INTERNAL_TOKEN");
        assertThat(tokenPlaceholder).as("the processors' shared read credential is in the Secret").isNotBlank();
        assertThatThrownBy(() -> SurgeConfig.load(Map.of(), Map.of("INTERNAL_TOKEN", tokenPlaceholder)))
                .as("a forgotten token placeholder must stop Surge, not become everyone's token")
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void podsOutliveTheirDrainAndProbeTheHealthEndpoints() {
        for (Manifest w : workloads()) {
            JsonNode pod = w.doc().path("spec").path("template").path("spec");
            JsonNode c = containers(w).getFirst();
            SurgeConfig config = surgeConfig(env(w, c));
            Duration preStop = Duration.ZERO;
            List<String> command = texts(c.path("lifecycle").path("preStop").path("exec").path("command"));
            if (command.size() == 2 && command.getFirst().equals("sleep")) {
                preStop = Duration.ofSeconds(Long.parseLong(command.get(1)));
            }
            assertThat(preStop).as("%s: a preStop pause lets the endpoint go before Surge refuses", w).isPositive();
            long grace = pod.path("terminationGracePeriodSeconds").asLong(30);
            assertThat(Duration.ofSeconds(grace))
                    .as("%s: terminationGracePeriodSeconds against preStop + SHUTDOWN_DRAIN_TIMEOUT", w)
                    .isGreaterThan(preStop.plus(config.http().drainTimeout()));

            assertThat(DeployFiles.at(c, "readinessProbe", "httpGet", "path")).as("%s readiness", w).isEqualTo("/health/ready");
            assertThat(DeployFiles.at(c, "livenessProbe", "httpGet", "path")).as("%s liveness", w).isEqualTo("/health/live");
            for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
                JsonNode port = c.path(probe).path("httpGet").path("port");
                if (!port.isMissingNode()) {
                    assertThat(port.isInt() ? containerPorts(c).contains(port.asInt()) : portNames(c).contains(port.asText()))
                            .as("%s %s port %s", w, probe, port).isTrue();
                }
            }
            assertThat(DeployFiles.at(pod, "securityContext", "runAsNonRoot")).isEqualTo("true");
        }
    }

    @Test
    void processorStateLivesOnItsClaim() {
        Manifest sts = one("StatefulSet");
        JsonNode c = containers(sts).getFirst();
        SurgeConfig config = surgeConfig(env(sts, c));
        Set<String> claims = new HashSet<>();
        for (JsonNode t : sts.doc().path("spec").path("volumeClaimTemplates")) {
            claims.add(t.path("metadata").path("name").asText());
        }
        Path stateDir = config.streams().stateDir();
        assertThat(stateDir.isAbsolute()).as("STATE_DIR %s (else relative to /app, the read-only image)", stateDir).isTrue();
        boolean onClaim = false;
        for (JsonNode mount : c.path("volumeMounts")) {
            onClaim |= claims.contains(mount.path("name").asText())
                    && stateDir.startsWith(Path.of(mount.path("mountPath").asText()));
        }
        assertThat(onClaim).as("STATE_DIR %s is under a volumeClaimTemplate mount", stateDir).isTrue();
        assertThat(DeployFiles.at(sts.doc(), "spec", "template", "spec", "securityContext", "fsGroup"))
                .as("the claim must be writable by the image's user").isNotBlank();
    }

    // ---- docker-compose ---------------------------------------------------------------------------

    @Test
    void composeHasTheWholeSystem() {
        assertThat(services().keySet()).containsAll(REQUIRED_SERVICES);
        assertThat(surgeServices().keySet()).as("services built from this repository")
                .contains("ingress-1", "ingress-2", "processor-1", "processor-2");
        for (String name : List.of("kafka", "redis")) {
            assertThat(services().get(name).path("healthcheck").path("test").isMissingNode())
                    .as("%s has a healthcheck for depends_on", name).isFalse();
        }
        for (var e : surgeServices().entrySet()) {
            JsonNode dependsOn = e.getValue().path("depends_on");
            assertThat(DeployFiles.at(dependsOn, "kafka", "condition"))
                    .as("%s waits for a healthy broker", e.getKey()).isEqualTo("service_healthy");
        }
        assertThat(prometheusConfigMount()).isEqualTo("./ops/prometheus");
        Map<String, String> grafanaMounts = mounts(services().get("grafana"));
        assertThat(grafanaMounts).containsEntry("/etc/grafana/provisioning", "./ops/grafana/provisioning")
                .containsEntry("/var/lib/grafana/dashboards", "./ops/grafana/dashboards");
    }

    @Test
    void composeSurgeServicesHaveValidSettingsThatSurgeReads() {
        List<String> problems = new ArrayList<>();
        for (var e : surgeServices().entrySet()) {
            Map<String, String> env = composeEnv(e.getValue());
            env.keySet().stream().map(n -> DeployFiles.unread(n, surgeSettings, otherReaders)).filter(Objects::nonNull)
                    .forEach(p -> problems.add(e.getKey() + ": " + p));
            try {
                SurgeConfig config = surgeConfig(new ContainerEnv(e.getKey(), withImageDefaults(env), Set.of(), List.of()));
                Role expected = e.getKey().startsWith("ingress") ? Role.INGRESS : Role.PROCESSOR;
                if (config.role() != expected) {
                    problems.add(e.getKey() + ": ROLE is " + config.role() + ", not " + expected);
                }
                String bootstrap = config.kafka().bootstrapServers().orElse("");
                if (!advertised(services().get("kafka")).contains(bootstrap)) {
                    problems.add(e.getKey() + ": KAFKA_BOOTSTRAP_SERVERS '" + bootstrap
                            + "' is not a listener the kafka service advertises " + advertised(services().get("kafka")));
                }
                if (config.kafka().replicationFactor() != 1) {
                    problems.add(e.getKey() + ": TOPIC_REPLICATION_FACTOR must be 1 on one broker");
                }
                if (expected == Role.INGRESS && config.ingress().redis().url()
                        .map(url -> !services().containsKey(URI.create(url).getHost())).orElse(true)) {
                    problems.add(e.getKey() + ": REDIS_URL must name the compose redis service");
                }
                Duration stop = DeployFiles.composeDuration(e.getValue().path("stop_grace_period").asText("10s"));
                if (stop.compareTo(config.http().drainTimeout()) <= 0) {
                    problems.add(e.getKey() + ": stop_grace_period " + stop + " does not cover SHUTDOWN_DRAIN_TIMEOUT "
                            + config.http().drainTimeout());
                }
            } catch (IllegalArgumentException | AssertionError ex) {
                problems.add(e.getKey() + ": " + ex.getMessage());
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void composeProcessorsAdvertiseTheirOwnDistinctAddressAndKeepStateOnTheirOwnVolume() {
        Map<String, String> servers = new LinkedHashMap<>();
        Set<String> volumes = new HashSet<>();
        Set<String> declared = new HashSet<>();
        compose.path("volumes").fieldNames().forEachRemaining(declared::add);
        for (var e : surgeServices().entrySet()) {
            if (!e.getKey().startsWith("processor")) {
                continue;
            }
            SurgeConfig config = surgeConfig(new ContainerEnv(e.getKey(), withImageDefaults(composeEnv(e.getValue())),
                    Set.of(), List.of()));
            servers.put(e.getKey(), config.applicationServer());
            assertThat(config.applicationServer()).as("%s APPLICATION_SERVER: its own name on the compose network", e.getKey())
                    .isEqualTo(e.getKey() + ":" + config.http().port());

            Path stateDir = config.streams().stateDir();
            String volume = null;
            for (var mount : mounts(e.getValue()).entrySet()) {
                if (stateDir.startsWith(Path.of(mount.getKey()))) {
                    volume = mount.getValue();
                }
            }
            assertThat(volume).as("%s: a volume holds STATE_DIR %s", e.getKey(), stateDir).isNotNull();
            assertThat(declared).as("%s: a named volume", e.getKey()).contains(volume);
            assertThat(volumes.add(volume)).as("%s shares volume %s", e.getKey(), volume).isTrue();
        }
        assertThat(servers).hasSize(2);
        assertThat(new HashSet<>(servers.values())).as("distinct APPLICATION_SERVER values").hasSize(2);
    }

    @Test
    void composeKafkaIsASingleKraftNodeThatCanRunTransactions() {
        Map<String, String> env = composeEnv(services().get("kafka"));
        assertThat(DeployFiles.at(services().get("kafka"), "image")).matches("apache/kafka:(4\\.([1-9]|\\d\\d+)|[5-9])\\..*");
        assertThat(env.get("KAFKA_PROCESS_ROLES")).contains("broker").contains("controller");
        assertThat(env).containsKey("KAFKA_NODE_ID");
        // One broker: without these, exactly-once transactions hang (DESIGN.md, "Known facts").
        assertThat(env).containsEntry("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1")
                .containsEntry("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
                .containsEntry("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1");
        String clusterId = env.get("CLUSTER_ID");
        if (clusterId != null) {
            assertThat(Base64.getUrlDecoder().decode(clusterId)).as("CLUSTER_ID is a base64 UUID").hasSize(16);
        }
    }

    @Test
    void composePublishesEachHostPortOnce() {
        Map<String, String> owners = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (var e : services().entrySet()) {
            for (JsonNode port : e.getValue().path("ports")) {
                String published = port.isObject() ? port.path("published").asText() : hostPort(port.asText());
                String previous = owners.put(published, e.getKey());
                if (previous != null) {
                    problems.add("host port " + published + ": " + previous + " and " + e.getKey());
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(owners).containsKeys("8080", "8081", "8090", "8091", "9090", "3000");
    }

    /** /metrics and detailed /health live on MANAGEMENT_PORT: Prometheus and the kubelet reach it, no Service does. */
    @Test
    void theManagementPortIsScrapedAndProbedButNoServiceExposesIt() {
        Set<String> exposed = new HashSet<>();
        all("Service").forEach(svc -> svc.doc().path("spec").path("ports").forEach(p -> {
            exposed.add(p.path("targetPort").asText());
            exposed.add(p.path("port").asText());
        }));
        for (Manifest w : workloads()) {
            JsonNode c = containers(w).getFirst();
            SurgeConfig config = surgeConfig(env(w, c));
            assertThat(config.http().managementPort()).as("%s MANAGEMENT_PORT", w).isPresent();
            int management = config.http().managementPort().getAsInt();
            JsonNode named = StreamSupport.stream(c.path("ports").spliterator(), false)
                    .filter(p -> p.path("containerPort").asInt() == management).findFirst().orElse(null);
            assertThat(named).as("%s: a containerPort %d", w, management).isNotNull();
            String name = named.path("name").asText();
            assertThat(exposed).as("Services' ports against %s's management port", w)
                    .doesNotContain(name, Integer.toString(management));
            JsonNode annotations = w.doc().path("spec").path("template").path("metadata").path("annotations");
            assertThat(annotations.path("prometheus.io/port").asText()).as("%s scrape port", w)
                    .isEqualTo(Integer.toString(management));
            for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
                assertThat(c.path(probe).path("httpGet").path("port").asText()).as("%s %s", w, probe)
                        .isIn(name, Integer.toString(management));
            }
        }
    }

    @Test
    void composeScrapesAndProbesTheManagementPortAndNeverPublishesIt() {
        String scrapeTargets = DeployFiles.documents(root.resolve("ops/prometheus/prometheus.yml")).getFirst()
                .path("scrape_configs").findValues("targets").toString();
        for (var e : surgeServices().entrySet()) {
            SurgeConfig config = surgeConfig(new ContainerEnv(e.getKey(), withImageDefaults(composeEnv(e.getValue())),
                    Set.of(), List.of()));
            assertThat(config.http().managementPort()).as("%s MANAGEMENT_PORT", e.getKey()).isPresent();
            int management = config.http().managementPort().getAsInt();
            for (JsonNode port : e.getValue().path("ports")) {
                String target = port.isObject() ? port.path("target").asText()
                        : port.asText().substring(port.asText().lastIndexOf(':') + 1);
                assertThat(target).as("%s publishes its management port", e.getKey())
                        .isNotEqualTo(Integer.toString(management));
            }
            assertThat(e.getValue().path("healthcheck").path("test").toString()).as("%s healthcheck", e.getKey())
                    .contains("127.0.0.1:" + management + "/health/");
            assertThat(scrapeTargets).as("prometheus.yml scrapes %s", e.getKey()).contains(e.getKey() + ":" + management);
        }
    }

    @Test
    void dockerComposeAcceptsTheFile() throws IOException, InterruptedException {
        Map<String, String> passwords = new HashMap<>();
        DeployFiles.COMPOSE_REQUIRED.forEach(name -> passwords.put(name, "test-" + name.toLowerCase()));
        DeployFiles.ComposeCheck check = DeployFiles.composeConfig(root, passwords);
        assertThat(check.exitValue()).as("docker-compose config -q: %s", check.output()).isZero();
    }

    // ---- helpers ------------------------------------------------------------------------------

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    private static List<Manifest> all(String kind) {
        return manifests.stream().filter(m -> kind.equals(m.kind())).toList();
    }

    private static Manifest one(String kind) {
        List<Manifest> found = all(kind);
        assertThat(found).as("manifests of kind %s", kind).hasSize(1);
        return found.getFirst();
    }

    private static Manifest named(String kind, String name) {
        return all(kind).stream().filter(m -> name.equals(m.name())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " named " + name + " in ops/k8s"));
    }

    private static Manifest target(JsonNode ref) {
        return named(ref.path("kind").asText(), ref.path("name").asText());
    }

    private static List<Manifest> workloads() {
        return manifests.stream().filter(m -> Set.of("Deployment", "StatefulSet").contains(m.kind())).toList();
    }

    private static Map<String, String> podLabels(Manifest workload) {
        return DeployFiles.stringMap(workload.doc().path("spec").path("template").path("metadata").path("labels"));
    }

    private static List<JsonNode> containers(Manifest workload) {
        List<JsonNode> list = new ArrayList<>();
        workload.doc().path("spec").path("template").path("spec").path("containers").forEach(list::add);
        assertThat(list).as("containers of %s", workload).isNotEmpty();
        return list;
    }

    private static Set<Integer> containerPorts(JsonNode container) {
        Set<Integer> ports = new HashSet<>();
        container.path("ports").forEach(p -> ports.add(p.path("containerPort").asInt()));
        return ports;
    }

    private static Set<String> portNames(JsonNode container) {
        Set<String> names = new HashSet<>();
        container.path("ports").forEach(p -> names.add(p.path("name").asText()));
        return names;
    }

    private static Map<String, String> secretData(Manifest secret) {
        Map<String, String> data = new LinkedHashMap<>();
        secret.doc().path("data").properties().forEach(e -> data.put(e.getKey(),
                new String(Base64.getDecoder().decode(e.getValue().asText()), StandardCharsets.UTF_8)));
        data.putAll(DeployFiles.stringMap(secret.doc().path("stringData")));
        return data;
    }

    /**
     * The container's environment as the kubelet builds it: envFrom first, then env in order, where
     * $(NAME) expands only names defined before it. Downward-API variables used only to build
     * another one (POD_NAME in APPLICATION_SERVER) are helpers, not settings.
     */
    private static ContainerEnv env(Manifest workload, JsonNode container) {
        String owner = workload + " container " + container.path("name").asText();
        Map<String, String> values = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (JsonNode from : container.path("envFrom")) {
            if (from.has("configMapRef")) {
                String name = from.path("configMapRef").path("name").asText();
                all("ConfigMap").stream().filter(m -> name.equals(m.name())).findFirst().ifPresentOrElse(
                        m -> values.putAll(DeployFiles.stringMap(m.doc().path("data"))),
                        () -> problems.add(owner + ": envFrom names ConfigMap " + name + ", which ops/k8s does not define"));
            } else if (from.has("secretRef")) {
                String name = from.path("secretRef").path("name").asText();
                all("Secret").stream().filter(m -> name.equals(m.name())).findFirst().ifPresentOrElse(
                        m -> values.putAll(secretData(m)),
                        () -> problems.add(owner + ": envFrom names Secret " + name + ", which ops/k8s does not define"));
            }
        }
        Set<String> fromDownwardApi = new HashSet<>();
        Set<String> referenced = new HashSet<>();
        for (JsonNode e : container.path("env")) {
            String name = e.path("name").asText();
            if (e.has("value")) {
                Matcher m = DEPENDENT_VAR.matcher(e.path("value").asText());
                StringBuilder expanded = new StringBuilder();
                while (m.find()) {
                    String ref = m.group(1);
                    referenced.add(ref);
                    if (!values.containsKey(ref)) {
                        problems.add(owner + ": " + name + " refers to $(" + ref + ") before (or without) defining it");
                    }
                    m.appendReplacement(expanded, Matcher.quoteReplacement(values.getOrDefault(ref, "")));
                }
                m.appendTail(expanded);
                values.put(name, expanded.toString());
            } else if (e.path("valueFrom").has("fieldRef")) {
                String field = e.path("valueFrom").path("fieldRef").path("fieldPath").asText();
                fromDownwardApi.add(name);
                values.put(name, switch (field) {
                    case "metadata.name" -> workload.name() + "-0";
                    case "metadata.namespace" -> NAMESPACE;
                    default -> field;
                });
            } else if (e.path("valueFrom").has("secretKeyRef") || e.path("valueFrom").has("configMapKeyRef")) {
                JsonNode ref = e.path("valueFrom").has("secretKeyRef") ? e.path("valueFrom").path("secretKeyRef")
                        : e.path("valueFrom").path("configMapKeyRef");
                String kind = e.path("valueFrom").has("secretKeyRef") ? "Secret" : "ConfigMap";
                Manifest source = named(kind, ref.path("name").asText());
                Map<String, String> data = kind.equals("Secret") ? secretData(source)
                        : DeployFiles.stringMap(source.doc().path("data"));
                if (!data.containsKey(ref.path("key").asText())) {
                    problems.add(owner + ": " + name + " reads key " + ref.path("key").asText() + " missing from " + source);
                }
                values.put(name, data.getOrDefault(ref.path("key").asText(), ""));
            } else {
                problems.add(owner + ": env " + name + " has neither value nor a valueFrom these tests know");
            }
        }
        Set<String> helpers = new HashSet<>(fromDownwardApi);
        helpers.retainAll(referenced);
        helpers.removeAll(surgeSettings);
        return new ContainerEnv(owner, withImageDefaults(values), helpers, problems);
    }

    /** The image's ENV (Dockerfile) under what the deployment sets. */
    private static Map<String, String> withImageDefaults(Map<String, String> env) {
        Map<String, String> merged = new LinkedHashMap<>(imageEnv);
        merged.putAll(env);
        return merged;
    }

    /**
     * What Surge would make of this environment's values. Only Surge's own settings and the KAFKA_/
     * STREAMS_ pass-through are given to SurgeConfig.load: names nobody reads are the other tests'
     * findings, and the JVM's or logback's names are not Surge's. The API_KEYS and INTERNAL_TOKEN
     * placeholders are left out too (a test of its own checks that Surge refuses them).
     */
    private static SurgeConfig surgeConfig(ContainerEnv env) {
        assertThat(env.problems()).isEmpty();
        Map<String, String> settings = new HashMap<>();
        env.values().forEach((name, value) -> {
            if (!otherReaders.contains(name) && !env.helpers().contains(name)
                    && DeployFiles.unread(name, surgeSettings, Set.of()) == null) {
                settings.put(name, value);
            }
        });
        String apiKeys = settings.get("API_KEYS");
        if (apiKeys != null && !apiKeys.isBlank()) {
            try {
                ApiKeysSetting.parse(apiKeys);
            } catch (IllegalArgumentException e) {
                settings.remove("API_KEYS");
            }
        }
        String token = settings.get("INTERNAL_TOKEN");
        if (token != null && token.startsWith("REPLACE ME")) {
            settings.remove("INTERNAL_TOKEN");
        }
        try {
            return SurgeConfig.load(Map.of(), settings);
        } catch (IllegalArgumentException e) {
            throw new AssertionError(env.owner() + ": Surge would refuse these settings: " + e.getMessage(), e);
        }
    }

    private static Map<String, JsonNode> services() {
        Map<String, JsonNode> services = new LinkedHashMap<>();
        compose.path("services").properties().forEach(e -> services.put(e.getKey(), e.getValue()));
        return services;
    }

    /** Services that run the Surge image: built from this repository. */
    private static Map<String, JsonNode> surgeServices() {
        Map<String, JsonNode> surge = new LinkedHashMap<>();
        services().forEach((name, service) -> {
            JsonNode build = service.path("build");
            String context = build.isObject() ? build.path("context").asText() : build.asText();
            if (!build.isMissingNode() && Set.of(".", "./").contains(context)) {
                surge.put(name, service);
            }
        });
        return surge;
    }

    private static Map<String, String> composeEnv(JsonNode service) {
        Map<String, String> env = new LinkedHashMap<>();
        JsonNode environment = service.path("environment");
        if (environment.isArray()) {
            for (JsonNode item : environment) {
                String s = item.asText();
                int eq = s.indexOf('=');
                env.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? "" : DeployFiles.interpolate(s.substring(eq + 1)));
            }
        } else {
            DeployFiles.stringMap(environment).forEach((k, v) -> env.put(k, DeployFiles.interpolate(v)));
        }
        return env;
    }

    /** Container path → source (host path or volume name) of each short-syntax or long-syntax mount. */
    private static Map<String, String> mounts(JsonNode service) {
        Map<String, String> mounts = new LinkedHashMap<>();
        for (JsonNode v : service.path("volumes")) {
            if (v.isObject()) {
                mounts.put(v.path("target").asText(), v.path("source").asText());
            } else {
                String[] parts = v.asText().split(":");
                if (parts.length >= 2) {
                    mounts.put(parts[1], parts[0]);
                }
            }
        }
        return mounts;
    }

    private static String prometheusConfigMount() {
        JsonNode prometheus = services().get("prometheus");
        String configFile = texts(prometheus.path("command")).stream().filter(a -> a.startsWith("--config.file="))
                .map(a -> a.substring("--config.file=".length())).findFirst().orElse("/etc/prometheus/prometheus.yml");
        assertThat(configFile).isEqualTo("/etc/prometheus/prometheus.yml");
        return mounts(prometheus).get("/etc/prometheus");
    }

    /** host:port of each advertised listener of the kafka service. */
    private static Set<String> advertised(JsonNode kafka) {
        Set<String> listeners = new HashSet<>();
        String value = composeEnv(kafka).getOrDefault("KAFKA_ADVERTISED_LISTENERS", "");
        for (String listener : value.split(",")) {
            int scheme = listener.indexOf("://");
            if (scheme > 0) {
                listeners.add(listener.substring(scheme + 3).trim());
            }
        }
        return listeners;
    }

    /** The published host port of a short-syntax ports entry: [ip:]host:container[/proto]. */
    private static String hostPort(String spec) {
        String[] parts = spec.split("/")[0].split(":");
        return parts.length >= 2 ? parts[parts.length - 2] : parts[0];
    }
}
