using Azure;
using Azure.Storage.Blobs;
using Grid.Calls;
using Grid.Client.Credentials;
using Grid.Errors;
using Grid.Hosting;
using Grid.Keys;
using Grid.Security;
using Grid.Security.Tokens;
using Grid.Storage;
using Grid.Tenants;

namespace Grid.Silo.Demo;

/// <summary>
/// The demo's WORM step: a tenant in WORM mode records a call; its sealed recording is in write-once storage until
/// its retention end, and both an operator holding the storage key and the tenant's own admin are refused when they
/// try to delete it. Locally the storage rules come from the immutability shim in front of Azurite (Azurite has none).
/// </summary>
internal static class WormDemo
{
    private const string TenantId = "demo-worm";

    public static async Task<bool> RunAsync(IClusterClient cluster, GridTokenIssuer tokens, GridSiloOptions options, string runId)
    {
        if (!options.Storage.IsLocalEmulator)
        {
            Console.WriteLine("  worm       : skipped (storage is not the local emulator; a WORM tenant needs an account deployed with worm = true)");
            return true;
        }

        using (GridCredentials.Use(tokens.Issue(GridPrincipal.AnyTenant, "demo-operator", [GridRoles.Operator]).Value))
        {
            await cluster.GetGrain<ITenantGrain>(TenantId).ProvisionAsync(new TenantSettings
            {
                DisplayName = "Demo WORM Tenant",
                ResidencyRegion = "eu-west",
                RetentionDays = 2555,
                KeyCustody = KeyCustodyKind.Software,
                Worm = true,
            });
        }

        var callId = $"worm-{runId}";
        var call = cluster.GetGrain<ICallGrain>(GridIds.CallKey(TenantId, callId));
        CallSummary summary;
        using (GridCredentials.Use(tokens.Issue(TenantId, "demo-worm-recorder", [GridRoles.Recorder]).Value))
        {
            await call.StartAsync(new CallMetadata
            {
                Direction = CallDirection.Outbound,
                MediaType = "audio/wav",
                Participants = [new Participant("customer", "+44 20 7946 0999", "Demo Trader's Client")],
            });
            var audio = ToneSweepWav.Create(TimeSpan.FromSeconds(2), startHz: 700);
            await call.AppendAsync(0, audio);
            summary = await call.EndAsync();
        }

        string storageRefusal;
        try
        {
            await new BlobServiceClient(options.Storage.ConnectionString).GetBlobContainerClient(RecordingLayout.ContainerName(TenantId))
                .GetBlobClient(RecordingLayout.RecordingBlobName(callId)).DeleteAsync();
            storageRefusal = "DELETED (not write-once)";
        }
        catch (RequestFailedException e)
        {
            storageRefusal = $"{e.Status} {e.ErrorCode}";
        }

        string gridRefusal;
        using (GridCredentials.Use(tokens.Issue(TenantId, "demo-worm-admin", [GridRoles.TenantAdmin]).Value))
        {
            try
            {
                await call.RequestDeletionAsync();
                gridRefusal = "DELETED (not write-once)";
            }
            catch (RecordingImmutableException e)
            {
                gridRefusal = e.Code.ToString();
            }
        }

        var ok = summary.ImmutableUntil is not null && storageRefusal == "409 BlobImmutableDueToPolicy" && gridRefusal == nameof(GridErrorCode.RecordingImmutable);
        Console.WriteLine($"  worm       : {TenantId}/{callId} sealed into write-once storage until {summary.ImmutableUntil:yyyy-MM-dd} ({options.Storage.Worm.PolicyMode} immutability policy{(string.IsNullOrEmpty(options.Storage.ReplicaConnectionString) ? string.Empty : ", on the replica too")})");
        Console.WriteLine($"               an operator deleting it with the storage key: {storageRefusal}; the tenant admin's deletion request: {gridRefusal}");
        return ok;
    }
}
