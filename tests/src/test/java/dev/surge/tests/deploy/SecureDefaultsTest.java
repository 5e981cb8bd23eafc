package dev.surge.tests.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the deployment files leave open: Kubernetes pods that pass the "restricted" Pod Security
 * level, carry no API token and reach, and are reached by, only what their role needs; a compose
 * system whose only ports beyond the host are the API's, with no default passwords.
 */
class SecureDefaultsTest {

    private static final String INGRESS_CONTROLLER = "ingress-nginx";
    private static final String MONITORING = "monitoring";

    private static Path root;
    private static List<JsonNode> manifests;
    private static JsonNode compose;

    @BeforeAll
    static void load() {
        root = DeployFiles.root();
        manifests = new ArrayList<>();
        for (Path file : DeployFiles.files(root.resolve("ops/k8s"), "*.{yaml,yml}")) {
            if (!file.getFileName().toString().equals("kustomization.yaml")) {
                manifests.addAll(DeployFiles.documents(file));
            }
        }
        compose = DeployFiles.documents(root.resolve("docker-compose.yml")).getFirst();
    }

    // ---- Kubernetes: pods ---------------------------------------------------------------------------

    @Test
    void theNamespaceEnforcesTheRestrictedPodSecurityLevel() {
        JsonNode namespace = ofKind("Namespace").getFirst();
        assertThat(DeployFiles.stringMap(namespace.path("metadata").path("labels")))
                .containsEntry("pod-security.kubernetes.io/enforce", "restricted");
    }

    @Test
    void podsAreRestrictedCompliantAndGetNoServiceAccountToken() {
        for (JsonNode workload : workloads()) {
            String name = DeployFiles.at(workload, "metadata", "name");
            JsonNode pod = workload.path("spec").path("template").path("spec");
            assertThat(pod.path("automountServiceAccountToken").isBoolean()
                    && !pod.path("automountServiceAccountToken").asBoolean()).as("%s automountServiceAccountToken", name)
                    .isTrue();
            assertThat(DeployFiles.at(pod, "securityContext", "runAsNonRoot")).as(name).isEqualTo("true");
            assertThat(DeployFiles.at(pod, "securityContext", "seccompProfile", "type")).as(name)
                    .isEqualTo("RuntimeDefault");
            assertThat(pod.path("hostNetwork").asBoolean() || pod.path("hostPID").asBoolean()
                    || pod.path("hostIPC").asBoolean()).as("%s shares a host namespace", name).isFalse();
            for (JsonNode container : pod.path("containers")) {
                JsonNode security = container.path("securityContext");
                String owner = name + "/" + container.path("name").asText();
                assertThat(security.path("allowPrivilegeEscalation").isBoolean()
                        && !security.path("allowPrivilegeEscalation").asBoolean()).as("%s allowPrivilegeEscalation", owner)
                        .isTrue();
                assertThat(security.path("privileged").asBoolean()).as("%s privileged", owner).isFalse();
                assertThat(texts(security.path("capabilities").path("drop"))).as(owner).contains("ALL");
                assertThat(texts(security.path("capabilities").path("add"))).as(owner).isEmpty();
                assertThat(security.path("readOnlyRootFilesystem").asBoolean()).as("%s readOnlyRootFilesystem", owner)
                        .isTrue();
            }
        }
    }

    @Test
    void tmpIsABoundedEmptyDir() {
        for (JsonNode workload : workloads()) {
            String name = DeployFiles.at(workload, "metadata", "name");
            JsonNode pod = workload.path("spec").path("template").path("spec");
            String volume = null;
            for (JsonNode mount : pod.path("containers").get(0).path("volumeMounts")) {
                if (mount.path("mountPath").asText().equals("/tmp")) {
                    volume = mount.path("name").asText();
                }
            }
            assertThat(volume).as("%s mounts a volume on /tmp (the root filesystem is read-only)", name).isNotNull();
            String tmp = volume;
            JsonNode emptyDir = StreamSupport.stream(pod.path("volumes").spliterator(), false)
                    .filter(v -> v.path("name").asText().equals(tmp)).findFirst().orElseThrow().path("emptyDir");
            assertThat(emptyDir.isObject()).as("%s /tmp is an emptyDir", name).isTrue();
            assertThat(emptyDir.path("sizeLimit").asText()).as("%s /tmp sizeLimit", name).isNotBlank();
        }
    }

    // ---- Kubernetes: network ----------------------------------------------------------------------

    @Test
    void everythingInTheNamespaceIsClosedUnlessAPolicyOpensIt() {
        assertThat(ofKind("NetworkPolicy")).anySatisfy(policy -> {
            JsonNode spec = policy.path("spec");
            assertThat(spec.path("podSelector").isEmpty()).as("selects every pod").isTrue();
            assertThat(texts(spec.path("policyTypes"))).containsExactlyInAnyOrder("Ingress", "Egress");
            assertThat(spec.path("ingress").isEmpty() && spec.path("egress").isEmpty()).as("allows nothing").isTrue();
        });
    }

    @Test
    void everyRuleNamesItsPeersAndPorts() {
        for (JsonNode policy : ofKind("NetworkPolicy")) {
            for (String direction : List.of("ingress", "egress")) {
                for (JsonNode rule : policy.path("spec").path(direction)) {
                    String owner = DeployFiles.at(policy, "metadata", "name") + " " + direction;
                    assertThat(rule.path(direction.equals("ingress") ? "from" : "to").isEmpty())
                            .as("%s: a rule without peers lets anyone through", owner).isFalse();
                    assertThat(rule.path("ports").isEmpty()).as("%s: a rule without ports opens every port", owner)
                            .isFalse();
                    for (JsonNode peer : rule.path(direction.equals("ingress") ? "from" : "to")) {
                        assertThat(peer.has("ipBlock")).as("%s: no address ranges", owner).isFalse();
                    }
                }
            }
        }
    }

    @Test
    void ingressPodsAreReachedFromTheIngressControllerOnTheApiPortOnly() {
        Map<String, String> pod = podLabels("Deployment");
        assertThat(callers(pod)).containsOnly("namespace " + INGRESS_CONTROLLER + " -> http",
                "namespace " + MONITORING + " -> management");
        assertThat(destinations(pod)).containsExactlyInAnyOrder("namespace kafka -> 9092",
                "pods app.kubernetes.io/name=surge-redis -> 6379", "namespace kube-system -> 53");
    }

    @Test
    void processorsAreReachedFromTheIngressControllerAndEachOtherOnTheApiPortOnly() {
        Map<String, String> pod = podLabels("StatefulSet");
        assertThat(callers(pod)).containsOnly("namespace " + INGRESS_CONTROLLER + " -> http",
                "pods " + selector(pod) + " -> http", "namespace " + MONITORING + " -> management");
        assertThat(destinations(pod)).containsExactlyInAnyOrder("namespace kafka -> 9092",
                "pods " + selector(pod) + " -> 8080", "namespace kube-system -> 53");
    }

    // ---- docker-compose ---------------------------------------------------------------------------

    @Test
    void composePublishesOnlyTheApiBeyondThisHost() {
        Set<String> api = Set.of("ingress-1", "ingress-2", "processor-1", "processor-2");
        List<String> open = new ArrayList<>();
        service("redis").path("ports").forEach(port -> open.add("redis " + port.asText()));
        compose.path("services").properties().forEach(service -> {
            if (!api.contains(service.getKey())) {
                for (JsonNode port : service.getValue().path("ports")) {
                    String spec = port.isObject() ? port.path("host_ip").asText() + ":" : port.asText();
                    if (!spec.startsWith("127.0.0.1:")) {
                        open.add(service.getKey() + " " + port);
                    }
                }
            }
        });
        assertThat(open).as("ports published beyond 127.0.0.1 (Redis: at all)").isEmpty();
        assertThat(texts(service("kafka").path("ports"))).allMatch(p -> p.startsWith("127.0.0.1:"));
    }

    @Test
    void composeHasNoDefaultPasswordsAndRedisRequiresOne() {
        String grafana = DeployFiles.stringMap(service("grafana").path("environment")).get("GF_SECURITY_ADMIN_PASSWORD");
        assertThat(grafana).as("Grafana's admin password: a required variable, no default")
                .startsWith("${GRAFANA_ADMIN_PASSWORD:?");
        String redisCommand = String.join(" ", texts(service("redis").path("command")));
        assertThat(redisCommand).contains("--requirepass \"$$REDIS_PASSWORD\"");
        assertThat(DeployFiles.stringMap(service("redis").path("environment")).get("REDIS_PASSWORD"))
                .startsWith("${REDIS_PASSWORD:?");
        for (String ingress : List.of("ingress-1", "ingress-2")) {
            assertThat(DeployFiles.stringMap(service(ingress).path("environment")).get("REDIS_URL")).as(ingress)
                    .startsWith("redis://:${REDIS_PASSWORD:?").endsWith("@redis:6379");
        }
    }

    @Test
    void composePrometheusCannotBeShutDownOverHttp() {
        assertThat(texts(service("prometheus").path("command"))).doesNotContain("--web.enable-lifecycle");
    }

    @Test
    void dockerComposeRefusesToStartWithoutThePasswords() throws Exception {
        assertThat(DeployFiles.COMPOSE_REQUIRED).containsExactlyInAnyOrder("REDIS_PASSWORD", "GRAFANA_ADMIN_PASSWORD");
        DeployFiles.ComposeCheck withoutRedis = DeployFiles.composeConfig(root, Map.of("GRAFANA_ADMIN_PASSWORD", "g"));
        assertThat(withoutRedis.exitValue()).as(withoutRedis.output()).isNotZero();
        assertThat(withoutRedis.output()).contains("set REDIS_PASSWORD");
        DeployFiles.ComposeCheck withoutGrafana = DeployFiles.composeConfig(root, Map.of("REDIS_PASSWORD", "r"));
        assertThat(withoutGrafana.exitValue()).as(withoutGrafana.output()).isNotZero();
        assertThat(withoutGrafana.output()).contains("set GRAFANA_ADMIN_PASSWORD");
    }

    // ---- helpers ------------------------------------------------------------------------------------

    private static JsonNode service(String name) {
        JsonNode service = compose.path("services").path(name);
        assertThat(service.isMissingNode()).as("compose service %s", name).isFalse();
        return service;
    }

    private static List<JsonNode> ofKind(String kind) {
        return manifests.stream().filter(m -> kind.equals(m.path("kind").asText())).toList();
    }

    private static List<JsonNode> workloads() {
        List<JsonNode> workloads = new ArrayList<>(ofKind("Deployment"));
        workloads.addAll(ofKind("StatefulSet"));
        assertThat(workloads).isNotEmpty();
        return workloads;
    }

    private static Map<String, String> podLabels(String kind) {
        return DeployFiles.stringMap(ofKind(kind).getFirst().path("spec").path("template").path("metadata").path("labels"));
    }

    /** The policies that apply to pods with these labels (a podSelector's matchLabels all among them). */
    private static List<JsonNode> policiesOf(Map<String, String> pod) {
        return ofKind("NetworkPolicy").stream().filter(policy -> pod.entrySet().containsAll(
                DeployFiles.stringMap(policy.path("spec").path("podSelector").path("matchLabels")).entrySet())).toList();
    }

    /** Each peer allowed in, as "namespace N -> port" or "pods k=v,... -> port". */
    private static Set<String> callers(Map<String, String> pod) {
        return peers(pod, "ingress", "from");
    }

    private static Set<String> destinations(Map<String, String> pod) {
        return peers(pod, "egress", "to");
    }

    private static Set<String> peers(Map<String, String> pod, String direction, String field) {
        Set<String> peers = new HashSet<>();
        for (JsonNode policy : policiesOf(pod)) {
            for (JsonNode rule : policy.path("spec").path(direction)) {
                for (JsonNode peer : rule.path(field)) {
                    String who = peer.has("namespaceSelector")
                            ? "namespace " + DeployFiles.at(peer, "namespaceSelector", "matchLabels", "kubernetes.io/metadata.name")
                            : "pods " + selector(DeployFiles.stringMap(peer.path("podSelector").path("matchLabels")));
                    for (JsonNode port : rule.path("ports")) {
                        peers.add(who + " -> " + port.path("port").asText());
                    }
                }
            }
        }
        return peers;
    }

    /** Labels as "k=v,..." in a stable order; for a pod's own labels, the ones its policies select by. */
    private static String selector(Map<String, String> labels) {
        Map<String, String> chosen = new LinkedHashMap<>();
        new java.util.TreeMap<>(labels).forEach((k, v) -> {
            if (!k.equals("app.kubernetes.io/part-of")) {
                chosen.put(k, v);
            }
        });
        return String.join(",", chosen.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
