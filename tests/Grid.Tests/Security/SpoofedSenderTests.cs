using System.Reflection;
using Grid.Errors;
using Grid.Keys;
using Grid.Security.Tls;
using Grid.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Grid.Tests.Security;

/// <summary>
/// A client may claim any sender id on its messages (the gateway checks only the id announced when connecting). The
/// gate never trusts it: internal-only methods need the silo-only proof, which a client cannot make, whatever it
/// claims to be. (Since the claimed sender is not the client, the refusal cannot even be routed back to it.)
/// </summary>
[Collection(GridCollection.Name)]
public sealed class SpoofedSenderTests(GridFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task A_client_that_claims_a_grains_sender_id_cannot_reach_an_internal_only_method()
    {
        var tenantId = await TestTenants.ProvisionAsync(fixture.Client);
        var before = await TenantStorageSnapshot.TakeAsync(fixture.ConnectionString, tenantId);
        var impersonated = GrainId.Create("tenantgrain", tenantId);

        // The gateway checks the id a client announces when it connects; so connect as a client, then claim a grain's
        // id on every message sent from then on.
        await using var raw = await RawClient.ConnectAsync(fixture, GridTlsPolicy.Load(fixture.Security.Tls, silo: false).ClientToGateway(), responseTimeout: TimeSpan.FromSeconds(5));
        ClaimId(raw.Services, impersonated);
        var destroy = await Assert.ThrowsAnyAsync<Exception>(() => raw.Client.GetGrain<ITenantKeyGrain>(tenantId).DestroyAsync("attacker"));
        var rotate = await Assert.ThrowsAnyAsync<Exception>(() => raw.Client.GetGrain<ITenantKeyGrain>(tenantId).RotateAsync());

        foreach (var line in TestLogSink.Instance.Lines.Where(l => l.Contains("DestroyAsync from", StringComparison.Ordinal)))
        {
            output.WriteLine(line);
        }

        // The silos saw the forged sender id (so the claim really travelled), and refused anyway.
        Assert.Contains(TestLogSink.Instance.Lines, l => l.Contains($"DestroyAsync from {impersonated} (a claim, not proof): InternalOnly", StringComparison.Ordinal));
        output.WriteLine($"the client sent as {impersonated}");
        Assert.Contains(TestLogSink.Instance.Lines, l => l.Contains($"RotateAsync from {impersonated} (a claim, not proof): Credential", StringComparison.Ordinal));
        Assert.All(new[] { destroy, rotate }, e => Assert.True(e is NotAuthorizedException or TimeoutException, e.ToString()));
        Assert.Equal(before, await TenantStorageSnapshot.TakeAsync(fixture.ConnectionString, tenantId));
        Assert.Equal(TenantKeyStatus.Active, (await fixture.Client.GetGrain<ITenantKeyGrain>(tenantId).GetInfoAsync()).Status);
    }

    /// <summary>Makes every message the client sends from now on name <paramref name="claimed"/> as its sender.</summary>
    private static void ClaimId(IServiceProvider services, GrainId claimed)
    {
        var runtimeType = typeof(IClusterClient).Assembly.GetTypes().Single(t => t.FullName == "Orleans.OutsideRuntimeClient");
        var runtime = services.GetService(runtimeType) ?? throw new InvalidOperationException("OutsideRuntimeClient is not registered.");
        var property = runtimeType.GetProperty("CurrentActivationAddress", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
            ?? throw new InvalidOperationException("OutsideRuntimeClient.CurrentActivationAddress not found.");
        var current = (GrainAddress)property.GetValue(runtime)!;
        var forged = new GrainAddress { GrainId = claimed, ActivationId = current.ActivationId, SiloAddress = current.SiloAddress, MembershipVersion = current.MembershipVersion };
        if (property.SetMethod is { } setter)
        {
            setter.Invoke(runtime, [forged]);
        }
        else
        {
            var field = runtimeType.GetField("<CurrentActivationAddress>k__BackingField", BindingFlags.Instance | BindingFlags.NonPublic)
                ?? throw new InvalidOperationException("CurrentActivationAddress has no setter or backing field.");
            field.SetValue(runtime, forged);
        }
    }
}
