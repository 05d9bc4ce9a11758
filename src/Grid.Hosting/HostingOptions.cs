namespace Grid.Hosting;

/// <summary>Where the silo runs (configuration section <c>Grid:Hosting</c>).</summary>
public sealed class HostingOptions
{
    /// <summary>
    /// Running as a Kubernetes pod (deploy/k8s): Orleans' Kubernetes hosting takes the silo's name, address and
    /// cluster ids from the pod (POD_NAME, POD_NAMESPACE, POD_IP and the <c>orleans/*</c> labels) and deletes the pod
    /// of a silo the cluster declared dead, so Kubernetes replaces it.
    /// </summary>
    public bool Kubernetes { get; set; }
}
