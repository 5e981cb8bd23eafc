package dev.surge.config;

import java.util.Locale;

/** What one Surge process runs. */
public enum Role {
    /** Ingress and processor in one JVM: the default for a single node. */
    ALL,
    /** The HTTP write API only: stateless, scale freely. */
    INGRESS,
    /** The topology and the interactive-query HTTP API over its stores. */
    PROCESSOR;

    /** @throws IllegalArgumentException naming the accepted values */
    public static Role parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("must be all, ingress or processor, was '" + text + "'");
        }
    }

    public boolean runsIngress() {
        return this != PROCESSOR;
    }

    public boolean runsProcessor() {
        return this != INGRESS;
    }
}
