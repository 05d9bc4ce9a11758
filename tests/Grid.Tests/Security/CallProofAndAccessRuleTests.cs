using System.Security.Cryptography;
using Grid.Calls;
using Grid.Errors;
using Grid.Security;
using Grid.Security.Calls;
using Grid.Security.Tokens;
using Microsoft.Extensions.Time.Testing;

namespace Grid.Tests.Security;

/// <summary>The silo-only proof and the access rules, without a cluster.</summary>
public sealed class CallProofAndAccessRuleTests
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void A_proof_verifies_only_for_its_call_key_and_time_window()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var proof = new SiloCallProof(key, clock);
        var made = proof.Create("tenantkey/acme", "Grid.Keys.ITenantKeyGrain.UnwrapAsync");

        Assert.True(proof.Verify(made, "tenantkey/acme", "Grid.Keys.ITenantKeyGrain.UnwrapAsync"));
        Assert.False(proof.Verify(made, "tenantkey/victim", "Grid.Keys.ITenantKeyGrain.UnwrapAsync"));
        Assert.False(proof.Verify(made, "tenantkey/acme", "Grid.Keys.ITenantKeyGrain.DestroyAsync"));
        Assert.False(new SiloCallProof(RandomNumberGenerator.GetBytes(32), clock).Verify(made, "tenantkey/acme", "Grid.Keys.ITenantKeyGrain.UnwrapAsync"));
        Assert.False(proof.Verify(null, "tenantkey/acme", "Grid.Keys.ITenantKeyGrain.UnwrapAsync"));
        Assert.False(proof.Verify("1764331200.AAAAAAAAAAAAAAAAAAAAAA==", "tenantkey/acme", "Grid.Keys.ITenantKeyGrain.UnwrapAsync"));
        Assert.False(proof.Verify("garbage", "tenantkey/acme", "Grid.Keys.ITenantKeyGrain.UnwrapAsync"));

        clock.Advance(SiloCallProof.Window + TimeSpan.FromSeconds(1));
        Assert.False(proof.Verify(made, "tenantkey/acme", "Grid.Keys.ITenantKeyGrain.UnwrapAsync"));
    }

    [Fact]
    public void Every_method_of_every_grid_grain_interface_declares_who_may_call_it()
    {
        var undeclared = typeof(GridIds).Assembly.GetTypes()
            .Where(t => t.IsInterface && typeof(IGrain).IsAssignableFrom(t))
            .SelectMany(t => t.GetMethods())
            .Select(m => AccessRule.For(m)!)
            .Where(r => !r.InternalOnly && !r.Anonymous && r.Roles.Count == 0)
            .Select(r => r.Method)
            .ToList();

        Assert.Empty(undeclared);
    }

    [Fact]
    public void The_gate_decides_by_tenant_role_and_origin()
    {
        var start = AccessRule.For(typeof(ICallGrain).GetMethod(nameof(ICallGrain.StartAsync))!)!;
        var summary = AccessRule.For(typeof(ICallGrain).GetMethod(nameof(ICallGrain.GetSummaryAsync))!)!;
        var delete = AccessRule.For(typeof(ICallGrain).GetMethod(nameof(ICallGrain.DeleteAsync))!)!;
        var exchange = AccessRule.For(typeof(IRecorderCredentialGrain).GetMethod(nameof(IRecorderCredentialGrain.ExchangeAsync))!)!;
        TokenCheck As(string tenant, params string[] roles) => new(new GridPrincipal(tenant, "s", roles), TokenFailure.None, DateTimeOffset.MaxValue);
        var none = TokenCheck.Refused(TokenFailure.Missing);

        Assert.Equal((true, NotAuthorizedReason.Content), Decide(start, false, As("acme", GridRoles.Recorder), "acme"));
        Assert.Equal((false, NotAuthorizedReason.Tenant), Decide(start, false, As("other", GridRoles.Recorder), "acme"));
        Assert.Equal((false, NotAuthorizedReason.Role), Decide(start, false, As("acme", GridRoles.Analyst), "acme"));
        Assert.Equal((false, NotAuthorizedReason.Credential), Decide(start, false, none, "acme"));
        Assert.Equal((false, NotAuthorizedReason.Role), Decide(start, false, As(GridPrincipal.AnyTenant, GridRoles.Operator), "acme"));
        Assert.Equal((true, NotAuthorizedReason.Content), Decide(summary, false, As(GridPrincipal.AnyTenant, GridRoles.Operator), "acme"));
        Assert.Equal((false, NotAuthorizedReason.InternalOnly), Decide(delete, false, As("acme", GridRole.All), "acme"));
        Assert.Equal((true, NotAuthorizedReason.Content), Decide(delete, true, none, "acme"));
        Assert.Equal((true, NotAuthorizedReason.Content), Decide(exchange, false, none, "acme"));
    }

    [Fact]
    public void An_async_enumerable_method_is_judged_by_its_own_rule_not_by_the_enumeration_extension()
    {
        var extension = typeof(IAsyncEnumerableGrainExtension).GetMethods().First(m => m.Name == nameof(IAsyncEnumerableGrainExtension.StartEnumeration));
        var readMedia = typeof(ICallGrain).GetMethod(nameof(ICallGrain.ReadMediaAsync))!;

        Assert.Null(AccessRule.For(extension));
        Assert.Equal([GridRoles.Analyst, GridRoles.LegalHold], AccessRule.For(readMedia)!.Roles);
    }

    private static (bool, NotAuthorizedReason) Decide(AccessRule rule, bool isInternal, TokenCheck check, string tenant)
    {
        var decision = AccessDecision.Decide(rule, isInternal, check, tenant);
        return (decision.Allowed, decision.Reason);
    }

    private static class GridRole
    {
        public static readonly string[] All = [.. GridRoles.All.Where(r => r != GridRoles.Operator)];
    }
}
