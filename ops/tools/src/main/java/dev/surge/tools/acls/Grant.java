package dev.surge.tools.acls;

import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * One ALLOW of the matrix: what {@code who} may do to one resource (a name, or every name that
 * starts with it when {@code prefixed}), and which of Surge's Kafka calls needs it.
 */
public record Grant(Party who, AclOperation operation, ResourceType type, String name, boolean prefixed,
                    String why) {

    /** The three Kafka principals Surge's parts run as. */
    public enum Party { INGRESS, PROCESSOR, OPERATOR }

    public AclBinding binding(String principal) {
        return new AclBinding(new ResourcePattern(type, name, prefixed ? PatternType.PREFIXED : PatternType.LITERAL),
                new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW));
    }
}
