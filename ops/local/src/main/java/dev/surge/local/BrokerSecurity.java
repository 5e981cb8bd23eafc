package dev.surge.local;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;

/**
 * An embedded broker that authenticates its clients and authorizes what they do, as a secured
 * production cluster would: the client listener speaks SASL_PLAINTEXT with the PLAIN mechanism
 * for the users in {@code passwords}, and Kafka's StandardAuthorizer refuses whatever no ACL
 * allows. {@code superUser} is the one user ACLs do not apply to (creating topics and ACLs);
 * the broker itself logs in as it. The controller listener stays PLAINTEXT inside this JVM, so
 * its unauthenticated principal (ANONYMOUS) must be a super user too: the broker's requests to
 * the controller arrive as it.
 *
 * <p>PLAIN over a plaintext connection sends passwords readable on the wire: for tests on
 * 127.0.0.1 only. A real cluster uses SASL_SSL (see the README's Security section).
 */
public record BrokerSecurity(String superUser, Map<String, String> passwords) {

    private static final String LISTENER = "SASL_PLAINTEXT";
    private static final String MECHANISM = "PLAIN";
    private static final String LOGIN_MODULE = "org.apache.kafka.common.security.plain.PlainLoginModule";

    public BrokerSecurity {
        passwords = Map.copyOf(passwords);
        if (!passwords.containsKey(superUser)) {
            throw new IllegalArgumentException("the super user " + superUser + " needs a password");
        }
        passwords.forEach((user, password) -> {
            if (!user.matches("[A-Za-z0-9_.-]+") || password.contains("\"") || password.isEmpty()) {
                throw new IllegalArgumentException("user names are [A-Za-z0-9_.-]+, passwords non-empty without quotes");
            }
        });
    }

    /** The settings a Kafka client of {@code user} connects with (beside bootstrap.servers). */
    public Map<String, Object> clientProps(String user) {
        String password = passwords.get(user);
        if (password == null) {
            throw new IllegalArgumentException("no user " + user + "; the users are " + passwords.keySet());
        }
        Map<String, Object> props = new HashMap<>();
        props.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, LISTENER);
        props.put(SaslConfigs.SASL_MECHANISM, MECHANISM);
        props.put(SaslConfigs.SASL_JAAS_CONFIG, LOGIN_MODULE + " required username=\"" + user + "\" password=\""
                + password + "\";");
        return props;
    }

    /** Replaces the listeners of a node's settings (see {@link KraftNodes#nodeProps}) and turns on the authorizer. */
    Map<String, Object> brokerProps(int brokerPort, int controllerPort) {
        String listener = LISTENER + "://" + KraftNodes.HOST + ":" + brokerPort;
        Map<String, Object> p = new HashMap<>();
        p.put("listeners", listener + "," + KraftNodes.CONTROLLER_LISTENER + "://" + KraftNodes.HOST + ":"
                + controllerPort);
        p.put("advertised.listeners", listener);
        p.put("inter.broker.listener.name", LISTENER);
        p.put("listener.security.protocol.map", LISTENER + ":" + LISTENER + ","
                + KraftNodes.CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("sasl.enabled.mechanisms", MECHANISM);
        p.put("sasl.mechanism.inter.broker.protocol", MECHANISM);
        String users = passwords.entrySet().stream()
                .map(e -> "user_" + e.getKey() + "=\"" + e.getValue() + "\"")
                .collect(Collectors.joining(" "));
        p.put("listener.name." + LISTENER.toLowerCase() + ".plain.sasl.jaas.config", LOGIN_MODULE
                + " required username=\"" + superUser + "\" password=\"" + passwords.get(superUser) + "\" " + users + ";");
        p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        p.put("super.users", "User:" + superUser + ";User:ANONYMOUS");
        p.put("allow.everyone.if.no.acl.found", "false");
        return p;
    }
}
