package dev.surge.config;

/** What one Surge process runs. */
public enum Role {
    /** Ingress and processor in one JVM: the default for a single node. */
    ALL,
    /** The HTTP write API only: stateless, scale freely. */
    INGRESS,
    /** The topology and the interactive-query HTTP API over its stores. */
    PROCESSOR;

    public boolean runsIngress() {
        return this != PROCESSOR;
    }

    public boolean runsProcessor() {
        return this != INGRESS;
    }
}
