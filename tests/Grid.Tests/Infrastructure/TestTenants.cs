using Grid.Calls;
using Grid.Keys;
using Grid.Client.Credentials;
using Grid.Tenants;

namespace Grid.Tests.Infrastructure;

internal static class TestTenants
{
    public static string NewTenantId() => "t-" + Guid.NewGuid().ToString("N")[..12];

    public static string NewCallId() => "call-" + Guid.NewGuid().ToString("N")[..16];

    public static TenantSettings Settings(string name = "Test Tenant") => new()
    {
        DisplayName = name,
        ResidencyRegion = "eu-west",
        RetentionDays = 3650,
        KeyCustody = KeyCustodyKind.Software,
    };

    public static async Task<string> ProvisionAsync(IClusterClient client)
    {
        var tenantId = NewTenantId();
        await client.GetGrain<ITenantGrain>(tenantId).ProvisionAsync(Settings());
        return tenantId;
    }

    public static CallMetadata Metadata(string identifier = "+44 20 7946 0000", string? name = "Test Caller") => new()
    {
        Direction = CallDirection.Inbound,
        MediaType = "audio/wav",
        Participants = [new Participant("customer", identifier, name), new Participant("agent", "sip:agent@example.test")],
        Tags = new Dictionary<string, string> { ["queue"] = "support" },
    };

    public static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>Plays a recording back with <paramref name="token"/>, or the test client's automatic analyst credential.</summary>
    public static async Task<byte[]> PlayAsync(IClusterClient client, string tenantId, string callId, string? token = null)
    {
        using var scope = token is null ? null : GridCredentials.Use(token);
        using var buffer = new MemoryStream();
        var grain = client.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, callId));
        await foreach (var chunk in grain.ReadMediaAsync())
        {
            buffer.Write(chunk);
        }

        return buffer.ToArray();
    }
}
