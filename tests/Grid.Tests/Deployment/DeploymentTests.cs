using System.Diagnostics;
using System.Text.Json.Nodes;
using Grid.Tests.Security;
using YamlDotNet.RepresentationModel;

namespace Grid.Tests.Deployment;

/// <summary>
/// deploy/ as CI can check it without Azure: the Bicep compiles (the Bicep CLI from the NuGet package) and keeps the
/// addendum's promises in its settings; the Kubernetes manifests parse and have what running the Grid safely needs.
/// </summary>
public sealed class DeploymentTests
{
    private static readonly string Deploy = Path.Combine(AuthorizationDocument.RepositoryRoot(), "deploy");

    [Fact]
    public async Task The_bicep_compiles_without_warnings_and_keeps_the_storage_key_and_identity_promises()
    {
        var (exit, json, errors) = await BicepAsync("build", Path.Combine(Deploy, "bicep", "main.bicep"), "--stdout");
        var (paramsExit, _, paramsErrors) = await BicepAsync("build-params", Path.Combine(Deploy, "bicep", "main.example.bicepparam"), "--stdout");

        Assert.True(exit == 0 && errors.Length == 0, errors);
        Assert.True(paramsExit == 0, paramsErrors);
        var template = JsonNode.Parse(json)!;
        var resources = Resources(template).ToList();
        var accounts = resources.Where(r => r["type"]!.GetValue<string>() == "Microsoft.Storage/storageAccounts").Select(r => r["properties"]!).ToList();
        Assert.Equal(2, accounts.Count);
        Assert.All(accounts, a => Assert.Equal((false, false, "TLS1_2"), (a["allowSharedKeyAccess"]!.GetValue<bool>(), a["allowBlobPublicAccess"]!.GetValue<bool>(), a["minimumTlsVersion"]!.GetValue<string>())));
        var blobServices = resources.Where(r => r["type"]!.GetValue<string>() == "Microsoft.Storage/storageAccounts/blobServices").Select(r => r["properties"]!).ToList();
        Assert.Equal(2, blobServices.Count);
        // Versioning and version-level immutability follow the deployment's worm parameter (off by default: a
        // version would keep deleted bytes); a WORM deployment also deletes previous versions after the soft-delete days.
        Assert.All(blobServices, b => Assert.Equal("[parameters('worm')]", b["isVersioningEnabled"]!.GetValue<string>()));
        Assert.All(accounts, a => Assert.Equal("[parameters('worm')]", a["immutableStorageWithVersioning"]!["enabled"]!.GetValue<string>()));
        Assert.False(template["parameters"]!["worm"]!["defaultValue"]!.GetValue<bool>());
        var lifecycle = resources.Where(r => r["type"]!.GetValue<string>() == "Microsoft.Storage/storageAccounts/managementPolicies").ToList();
        Assert.Equal(2, lifecycle.Count);
        Assert.All(lifecycle, l => Assert.Equal("[parameters('worm')]", l["condition"]!.GetValue<string>()));
        Assert.Equal(7, template["parameters"]!["blobSoftDeleteDays"]!["maxValue"]!.GetValue<int>());
        var vault = resources.Single(r => r["type"]!.GetValue<string>() == "Microsoft.KeyVault/vaults")["properties"]!;
        Assert.Equal((true, true, "premium"), (vault["enablePurgeProtection"]!.GetValue<bool>(), vault["enableRbacAuthorization"]!.GetValue<bool>(), vault["sku"]!["name"]!.GetValue<string>()));
        var events = resources.Single(r => r["type"]!.GetValue<string>() == "Microsoft.EventHub/namespaces")["properties"]!;
        Assert.True(events["disableLocalAuth"]!.GetValue<bool>());
        var cluster = resources.Single(r => r["type"]!.GetValue<string>() == "Microsoft.ContainerService/managedClusters")["properties"]!;
        Assert.True(cluster["securityProfile"]!["workloadIdentity"]!["enabled"]!.GetValue<bool>());
        Assert.Equal(2, resources.Count(r => r["type"]!.GetValue<string>() == "Microsoft.Resources/deployments"));
    }

    [Fact]
    public void The_kubernetes_manifests_have_probes_a_disruption_budget_limits_and_no_root_privileges_or_secret_values()
    {
        var documents = Directory.GetFiles(Path.Combine(Deploy, "k8s"), "*.yaml").SelectMany(Load).ToList();
        var deployment = documents.Single(d => Text(d, "kind") == "Deployment");
        var pod = Map(Map(Map(deployment, "spec"), "template"), "spec");
        var container = (YamlMappingNode)((YamlSequenceNode)pod["containers"]).Single();
        var security = Map(container, "securityContext");
        var resources = Map(container, "resources");

        Assert.Equal("true", Text(Map(pod, "securityContext"), "runAsNonRoot"));
        Assert.Equal(("false", "false", "true"), (Text(security, "allowPrivilegeEscalation"), Text(security, "privileged"), Text(security, "readOnlyRootFilesystem")));
        Assert.Equal(["ALL"], ((YamlSequenceNode)Map(security, "capabilities")["drop"]).Select(n => n.ToString()));
        Assert.Equal("/health/ready", Text(Map(Map(container, "readinessProbe"), "httpGet"), "path"));
        Assert.Equal("/health/live", Text(Map(Map(container, "livenessProbe"), "httpGet"), "path"));
        Assert.All(new[] { "requests", "limits" }, k => Assert.Equal(["cpu", "memory"], Map(resources, k).Children.Keys.Select(n => n.ToString()).Order()));
        Assert.True(int.Parse(Text(pod, "terminationGracePeriodSeconds"), System.Globalization.CultureInfo.InvariantCulture) >= 60);
        var budget = documents.Single(d => Text(d, "kind") == "PodDisruptionBudget");
        Assert.Equal("grid-silo", Text(Map(Map(Map(budget, "spec"), "selector"), "matchLabels"), "app"));
        Assert.DoesNotContain(documents, d => Text(d, "kind") == "Secret");
        var values = documents.SelectMany(Scalars).ToList();
        Assert.DoesNotContain(values, v => v.Contains("AccountKey=", StringComparison.Ordinal) || v.Contains("SharedAccessKey", StringComparison.Ordinal) || v.Contains("-----BEGIN", StringComparison.Ordinal));
        var ingress = documents.Single(d => Text(d, "kind") == "Ingress");
        Assert.Equal(["/v1"], Scalars(ingress).Where(v => v.StartsWith('/')));
    }

    [Fact]
    public void The_srs_manifest_runs_on_the_host_network_unprivileged_with_probes_and_takes_route_secrets_only_by_reference()
    {
        var documents = Load(Path.Combine(Deploy, "srs", "srs.yaml")).ToList();
        var daemons = documents.Single(d => Text(d, "kind") == "DaemonSet");
        var pod = Map(Map(Map(daemons, "spec"), "template"), "spec");
        var container = (YamlMappingNode)((YamlSequenceNode)pod["containers"]).Single();
        var security = Map(container, "securityContext");
        var environment = ((YamlSequenceNode)container["env"]).Cast<YamlMappingNode>().ToDictionary(e => Text(e, "name"), e => e);

        Assert.Equal(("true", "true"), (Text(pod, "hostNetwork"), Text(Map(pod, "securityContext"), "runAsNonRoot")));
        Assert.Equal(("false", "false", "true"), (Text(security, "allowPrivilegeEscalation"), Text(security, "privileged"), Text(security, "readOnlyRootFilesystem")));
        Assert.Equal(["ALL"], ((YamlSequenceNode)Map(security, "capabilities")["drop"]).Select(n => n.ToString()));
        foreach (var (probe, path) in new[] { ("readinessProbe", "/health/ready"), ("livenessProbe", "/health/live") })
        {
            var get = Map(Map(container, probe), "httpGet");
            Assert.Equal((path, "127.0.0.1", "9470"), (Text(get, "path"), Text(get, "host"), Text(get, "port")));
        }

        // Longer than the graceful stop (Srs:ShutdownTimeout, 20 s by default): live sessions get their BYE and seal.
        Assert.True(int.Parse(Text(pod, "terminationGracePeriodSeconds"), System.Globalization.CultureInfo.InvariantCulture) >= 40);
        Assert.Equal("http://127.0.0.1:9470", Text(environment["Urls"], "value"));
        Assert.DoesNotContain(environment.Keys, k => k.EndsWith("Secret", StringComparison.Ordinal));
        Assert.Equal("grid-srs-route-secrets", Text(Map((YamlMappingNode)((YamlSequenceNode)container["envFrom"]).Single(), "secretRef"), "name"));
        Assert.DoesNotContain(documents, d => Text(d, "kind") == "Secret");
        Assert.DoesNotContain(documents.SelectMany(Scalars), v => v.Contains("-----BEGIN", StringComparison.Ordinal) || v.Contains("AccountKey=", StringComparison.Ordinal));
    }

    private static async Task<(int Exit, string Output, string Errors)> BicepAsync(params string[] arguments)
    {
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var bicep = Path.Combine(packages, "azure.bicep.commandline.linux-x64", "0.49.2", "tools", "bicep");
        Assert.True(File.Exists(bicep), $"The Bicep CLI is restored with the tests (PackageDownload); not found at {bicep}.");
        if (!OperatingSystem.IsWindows())
        {
            // NuGet does not keep the executable bit when it extracts a package.
            File.SetUnixFileMode(bicep, File.GetUnixFileMode(bicep) | UnixFileMode.UserExecute);
        }
        var start = new ProcessStartInfo(bicep) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await errors);
    }

    /// <summary>Every resource of the template, nested deployments' included.</summary>
    private static IEnumerable<JsonNode> Resources(JsonNode template)
    {
        var resources = template["resources"] switch
        {
            JsonArray array => array.Select(r => r!),
            JsonObject map => map.Select(p => p.Value!),
            _ => [],
        };
        foreach (var resource in resources)
        {
            yield return resource;
            if (resource["properties"]?["template"] is { } nested)
            {
                foreach (var inner in Resources(nested))
                {
                    yield return inner;
                }
            }
        }
    }

    private static IEnumerable<YamlMappingNode> Load(string path)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(path);
        stream.Load(reader);
        return stream.Documents.Select(d => (YamlMappingNode)d.RootNode);
    }

    private static YamlMappingNode Map(YamlMappingNode node, string key) => (YamlMappingNode)node[key];

    private static string Text(YamlMappingNode node, string key) => node.Children.TryGetValue(key, out var value) ? value.ToString() : "";

    private static IEnumerable<string> Scalars(YamlNode node) => node switch
    {
        YamlScalarNode scalar => [scalar.Value ?? ""],
        YamlMappingNode map => map.Children.Values.SelectMany(Scalars),
        YamlSequenceNode sequence => sequence.Children.SelectMany(Scalars),
        _ => [],
    };
}
