package io.taumesh.core.cluster;

/** A lite member found no member that holds data in its cluster: no mesh node of that cluster runs where it looked. */
public final class NoDataMemberException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public NoDataMemberException(String clusterName) {
        super("no member of cluster '" + clusterName + "' holds data, so no mesh runs there");
    }
}
