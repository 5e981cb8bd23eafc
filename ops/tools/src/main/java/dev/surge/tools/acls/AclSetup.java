package dev.surge.tools.acls;

import dev.surge.tools.KafkaAnswers;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;

/** Creates ACLs, as {@code kafka-acls.sh --add} would, and waits until the broker enforces them. */
public final class AclSetup {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private AclSetup() {
    }

    /**
     * Adds the bindings (existing ones stay; adding one twice changes nothing) and returns once the
     * broker this admin asks lists every one: the controller commits an ACL before brokers apply it.
     */
    public static void apply(Admin admin, Collection<AclBinding> bindings) {
        get(admin.createAcls(bindings).all());
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            Set<AclBinding> missing = new HashSet<>(bindings);
            get(admin.describeAcls(AclBindingFilter.ANY).values()).forEach(missing::remove);
            if (missing.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(missing.size() + " ACL(s) created but not listed after "
                        + TIMEOUT.toSeconds() + " s, e.g. " + missing.iterator().next());
            }
            KafkaAnswers.pause(50, "the ACLs");
        }
    }

    private static <T> T get(KafkaFuture<T> future) {
        return KafkaAnswers.get(future, TIMEOUT);
    }
}
