using System.Reflection;
using Grid.Calls;
using Grid.Errors;
using Grid.Security;
using Grid.Security.Tls;
using Grid.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Grid.Tests.Security;

/// <summary>
/// Orleans' own grains, system targets and grain extensions, called as an attacker with a valid client certificate
/// would: through the gateway, with no credential, a recorder's and an operator's. Only what a client needs to
/// connect and make Grid calls passes (the cluster manifest); everything else is refused as internal-only and
/// changes nothing. The table of outcomes is in docs/authorization.md.
/// </summary>
[Collection(GridCollection.Name)]
public sealed class OrleansInterfaceAccessTests(GridFixture fixture)
{
    private static readonly string[] Callers = ["none", GridRoles.Recorder, GridRoles.Operator];

    [Fact]
    public async Task Orleans_interfaces_are_refused_to_clients_except_what_a_client_needs_and_refusals_change_nothing()
    {
        var tenantId = await TestTenants.ProvisionAsync(fixture.Client);
        var callId = TestTenants.NewCallId();
        var call = fixture.Client.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, callId));
        await call.StartAsync(TestTenants.Metadata());
        await call.AppendAsync(0, TestTenants.RandomBytes(100, seed: 2));
        await call.EndAsync();

        var targets = Targets(tenantId, callId);
        await using var raw = await RawClient.ConnectAsync(fixture, GridTlsPolicy.Load(fixture.Security.Tls, silo: false).ClientToGateway());
        var outcomes = new Dictionary<(string Caller, int Row), string>();
        var before = await TenantStorageSnapshot.TakeAsync(fixture.ConnectionString, tenantId);
        var managementBefore = await fixture.InternalGrains.GetGrain<IManagementGrain>(0).GetTotalActivationCount();
        foreach (var caller in Callers)
        {
            var token = MatrixCallers.TokenOf(fixture, caller, caller == GridRoles.Operator ? GridPrincipal.AnyTenant : tenantId);
            for (var row = 0; row < targets.Count; row++)
            {
                outcomes[(caller, row)] = await InvokeAsync(raw.Client, targets[row], token);
            }
        }

        Assert.Equal(before, await TenantStorageSnapshot.TakeAsync(fixture.ConnectionString, tenantId));

        // The call grain is still active and the recording still plays: no refused call deactivated or migrated it.
        Assert.Equal(TestTenants.RandomBytes(100, seed: 2), await TestTenants.PlayAsync(fixture.Client, tenantId, callId));
        Assert.True(await fixture.InternalGrains.GetGrain<IManagementGrain>(0).GetTotalActivationCount() >= managementBefore);
        for (var row = 0; row < targets.Count; row++)
        {
            foreach (var caller in Callers)
            {
                Assert.True(targets[row].Expected == outcomes[(caller, row)], $"{caller} calling {targets[row].Name}: expected {targets[row].Expected}, got {outcomes[(caller, row)]}");
            }
        }

        AuthorizationDocument.CheckTable("orleans", nameof(OrleansInterfaceAccessTests), "Orleans interface, method", [.. targets.Select(t => $"`{t.Name}`")], Callers,
            (row, caller) => outcomes[(caller, row)] == "allowed" ? "✔" : "✘ " + outcomes[(caller, row)]["refused: ".Length..]);
    }

    [Fact]
    public async Task The_silos_own_calls_to_Orleans_interfaces_still_work()
    {
        // Made inside the silo (the dashboard and the health checks call like this): stamped with the silo-only proof.
        var hosts = await fixture.InternalGrains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        Assert.Equal(fixture.Cluster.Silos.Count, hosts.Count);
        var statistics = await fixture.InternalGrains.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        Assert.NotEmpty(statistics);
    }

    private List<Target> Targets(string tenantId, string callId)
    {
        var silo = ((InProcessSiloHandle)fixture.Cluster.Silos[0]).SiloHost.Services;
        var siloAddress = fixture.Cluster.Silos[0].SiloAddress;
        var callGrainId = ((GrainReference)fixture.Client.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, callId))).GrainId;
        var reminderService = ((IGrainContext)silo.GetServices<Orleans.Services.IGrainService>().Single(s => s.GetType().Name == "LocalReminderService")).GrainId;
        var core = typeof(IManagementGrain).Assembly;
        var dashboard = typeof(Orleans.Dashboard.DashboardOptions).Assembly;
        var streaming = typeof(Orleans.Streams.IStreamProvider).Assembly;
        var reminders = typeof(IReminderService).Assembly;
        const string Refused = "refused: internal-only";
        return
        [
            new("IClusterManifestSystemTarget.GetClusterManifest", ById(core, "Orleans.Runtime.IClusterManifestSystemTarget", SystemTarget("manifest", siloAddress)), "GetClusterManifest", "allowed"),
            new("IManagementGrain.GetDetailedGrainStatistics", c => c.GetGrain<IManagementGrain>(0), nameof(IManagementGrain.GetDetailedGrainStatistics), Refused),
            new("IManagementGrain.GetHosts", c => c.GetGrain<IManagementGrain>(0), nameof(IManagementGrain.GetHosts), Refused),
            new("IManagementGrain.ForceActivationCollection", c => c.GetGrain<IManagementGrain>(0), nameof(IManagementGrain.ForceActivationCollection), Refused),
            new("IManagementGrain.ForceGarbageCollection", c => c.GetGrain<IManagementGrain>(0), nameof(IManagementGrain.ForceGarbageCollection), Refused),
            new("ISiloControl.ForceGarbageCollection", ById(core, "Orleans.ISiloControl", SystemTarget("silo-control", siloAddress)), "ForceGarbageCollection", Refused),
            new("IMembershipService.Ping", ById(core, "Orleans.Runtime.IMembershipService", SystemTarget("clustering", siloAddress)), "Ping", Refused),
            new("IReminderService.GetReminders", ById(reminders, "Orleans.IReminderService", reminderService), "GetReminders", Refused),
            new("IReminderService.Stop", ById(reminders, "Orleans.IReminderService", reminderService), "Stop", Refused),
            new("IPubSubRendezvousGrain.GetAllSubscriptions", ByKey(streaming, "Orleans.Streams.IPubSubRendezvousGrain", $"grid-events/tenant-events/{tenantId}"), "GetAllSubscriptions", Refused),
            new("IPubSubRendezvousGrain.RegisterConsumer", ByKey(streaming, "Orleans.Streams.IPubSubRendezvousGrain", $"grid-events/tenant-events/{tenantId}"), "RegisterConsumer", Refused),
            new("IGrainManagementExtension.DeactivateOnIdle", ById(typeof(Orleans.Core.Internal.IGrainManagementExtension).Assembly, "Orleans.Core.Internal.IGrainManagementExtension", callGrainId), "DeactivateOnIdle", Refused),
            new("IGrainManagementExtension.MigrateOnIdle", ById(typeof(Orleans.Core.Internal.IGrainManagementExtension).Assembly, "Orleans.Core.Internal.IGrainManagementExtension", callGrainId), "MigrateOnIdle", Refused),
            new("IDashboardGrain.GetCounters", ByKey(dashboard, "Orleans.Dashboard.Core.IDashboardGrain", 0), "GetCounters", Refused),
            new("IDashboardGrain.GetGrainState", ByKey(dashboard, "Orleans.Dashboard.Core.IDashboardGrain", 0), "GetGrainState", Refused),
            new("IDashboardRemindersGrain.GetReminders", ByKey(dashboard, "Orleans.Dashboard.Core.IDashboardRemindersGrain", 0), "GetReminders", Refused),
        ];
    }

    private static GrainId SystemTarget(string kind, SiloAddress silo) => SystemTargetGrainId.Create(SystemTargetGrainId.CreateGrainType(kind), silo).GrainId;

    /// <summary>A reference to <paramref name="typeName"/> (often internal to Orleans) at <paramref name="id"/>.</summary>
    private static Func<IClusterClient, object> ById(Assembly assembly, string typeName, GrainId id)
    {
        var type = FindType(assembly, typeName);
        var getGrain = typeof(IGrainFactory).GetMethods().Single(m => m.Name == nameof(IGrainFactory.GetGrain) && m.IsGenericMethodDefinition
            && m.GetParameters() is [{ ParameterType: var p }] && p == typeof(GrainId)).MakeGenericMethod(type);
        return c => getGrain.Invoke(c, [id])!;
    }

    private static Func<IClusterClient, object> ByKey(Assembly assembly, string typeName, string key)
    {
        var type = FindType(assembly, typeName);
        return c => c.GetGrain(type, key);
    }

    private static Func<IClusterClient, object> ByKey(Assembly assembly, string typeName, long key)
    {
        var type = FindType(assembly, typeName);
        return c => c.GetGrain(type, key);
    }

    private static Type FindType(Assembly assembly, string name) =>
        assembly.GetType(name) ?? throw new InvalidOperationException($"Orleans type {name} not found in {assembly.GetName().Name}: the Orleans version changed; find its new name.");

    private static async Task<string> InvokeAsync(IClusterClient client, Target target, string? token)
    {
        var proxy = target.Proxy(client);
        var method = proxy.GetType().GetInterfaces().SelectMany(i => i.GetMethods()).First(m => m.Name == target.Method);
        var args = method.GetParameters().Select(p => p.ParameterType.IsValueType ? Activator.CreateInstance(p.ParameterType) : null).ToArray();
        try
        {
            await RawClient.WithContextAsync<bool>(token, null, async () =>
            {
                switch (method.Invoke(proxy, args))
                {
                    case Task task:
                        await task.WaitAsync(TimeSpan.FromSeconds(20));
                        break;
                    case ValueTask valueTask:
                        await valueTask.AsTask().WaitAsync(TimeSpan.FromSeconds(20));
                        break;
                }

                return true;
            });
            return "allowed";
        }
        catch (NotAuthorizedException e)
        {
            return "refused: " + (e.Reason == NotAuthorizedReason.InternalOnly ? "internal-only" : e.Reason.ToString().ToLowerInvariant());
        }
        catch (Exception e) when (e is not TimeoutException)
        {
            // Past the gate: the target itself answered (for instance, the empty arguments are invalid).
            return "allowed (" + e.GetType().Name + ")";
        }
    }

    private sealed record Target(string Name, Func<IClusterClient, object> Proxy, string Method, string Expected);
}
