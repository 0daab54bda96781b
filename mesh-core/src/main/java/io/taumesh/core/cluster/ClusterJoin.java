package io.taumesh.core.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import io.taumesh.core.contract.WireName;
import java.util.Locale;

/**
 * How a node finds the other members: TCP/IP to the seed members it is given, or Hazelcast's built-in Kubernetes
 * discovery in DNS-lookup mode, where the members are the addresses a headless Service's DNS name resolves to
 * (no access to the Kubernetes API is needed, so a pod needs no service account rights).
 *
 * @param method      {@link Method#TCP} or {@link Method#KUBERNETES}
 * @param serviceDns  with {@code kubernetes}: the headless Service's DNS name, e.g.
 *                    {@code tau-mesh-members.tau.svc.cluster.local}
 * @param servicePort with {@code kubernetes}: the member port behind that name; 0 = this node's own member port
 */
public record ClusterJoin(Method method, String serviceDns, int servicePort) {

  /** The join methods, by the name {@code --cluster-join} takes. */
  public enum Method implements WireName {
    TCP, KUBERNETES;

    @Override
    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** TCP/IP to the seed members: the default. */
  public static final ClusterJoin TCP = new ClusterJoin(Method.TCP, null, 0);

  /** Seconds a DNS lookup of the service name may take before discovery tries again. */
  static final int DNS_TIMEOUT_SECONDS = 5;

  /**
   * How long a discovering node keeps looking up members before it founds the cluster alone. Hazelcast asks
   * discovery only while this lasts (with zero it never asks); it stops as soon as another member's address
   * comes back, so only the first pod of a mesh waits it out.
   */
  static final int DISCOVERY_WAIT_SECONDS = 3;

  public ClusterJoin {
    if (method == null) {
      throw new IllegalArgumentException("cluster join must be " + WireName.listed(Method.class));
    }
    if (method == Method.KUBERNETES && (serviceDns == null || serviceDns.isBlank())) {
      throw new IllegalArgumentException("cluster join 'kubernetes' needs the headless Service's DNS name");
    }
    if (servicePort < 0 || servicePort > 65535) {
      throw new IllegalArgumentException("cluster service port must be between 0 and 65535, got " + servicePort);
    }
    serviceDns = serviceDns == null || serviceDns.isBlank() ? null : serviceDns.trim();
  }

  public static ClusterJoin kubernetes(String serviceDns, int servicePort) {
    return new ClusterJoin(Method.KUBERNETES, serviceDns, servicePort);
  }

  /** Sets up Hazelcast's join: exactly one method enabled, never multicast nor auto-detection. */
  void configure(Config config, ClusterSettings settings) {
    JoinConfig join = config.getNetworkConfig().getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    if (method == Method.TCP) {
      join.getKubernetesConfig().setEnabled(false);
      join.getTcpIpConfig()
          .setEnabled(true)
          .setConnectionTimeoutSeconds(2)
          .setMembers(settings.expandedMembers());
      return;
    }
    join.getTcpIpConfig().setEnabled(false);
    config.setProperty("hazelcast.wait.seconds.before.join", String.valueOf(DISCOVERY_WAIT_SECONDS));
    int port = servicePort > 0 ? servicePort : settings.port() > 0 ? settings.port() : ClusterSettings.DEFAULT_PORT;
    join.getKubernetesConfig()
        .setEnabled(true)
        .setProperty("service-dns", serviceDns)
        .setProperty("service-port", String.valueOf(port))
        .setProperty("service-dns-timeout", String.valueOf(DNS_TIMEOUT_SECONDS));
  }
}
