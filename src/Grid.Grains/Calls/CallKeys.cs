using System.Security.Cryptography;
using Grid.Crypto.Format;
using Grid.Keys;
using Grid.Security.Calls;

namespace Grid.Grains.Calls;

/// <summary>
/// A recording's data key through the tenant's key grain: a new one at start, the cipher for an existing header,
/// a re-wrap under the tenant's current key version. Plaintext data keys never outlive a method.
/// </summary>
public sealed class CallKeys(IGrainFactory grains, string tenantId, string callId)
{
    public ITenantKeyGrain Grain => grains.GetGrain<ITenantKeyGrain>(tenantId);

    /// <summary>A new recording: a fresh data key wrapped under the tenant's current key.</summary>
    public async Task<RecordingCipher> NewRecordingAsync()
    {
        var dataKey = RecordingKeys.NewDataKey();
        try
        {
            var wrapped = await Grain.WrapAsync(callId, dataKey, new KeyUse("new-recording", GridCaller.AuditName));
            return RecordingCipher.Open(RecordingHeader.Create(tenantId, callId, wrapped, dataKey), dataKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    /// <summary>The cipher of a stored header (the unwrap is audited with <paramref name="purpose"/>).</summary>
    public async Task<RecordingCipher> OpenAsync(byte[]? encodedHeader, string purpose)
    {
        var header = RecordingHeader.Decode(encodedHeader).Header;
        var dataKey = await Grain.UnwrapAsync(callId, header.Envelope, new KeyUse(purpose, GridCaller.AuditName));
        try
        {
            return RecordingCipher.Open(header, dataKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    /// <summary>A recording's metadata, decrypted (the unwrap is audited with <paramref name="purpose"/>).</summary>
    public async Task<Grid.Calls.CallMetadata> ReadMetadataAsync(byte[]? encodedHeader, byte[]? sealedMetadata, string purpose)
    {
        using var cipher = await OpenAsync(encodedHeader, purpose);
        try
        {
            return MetadataCodec.Decode(cipher.DecryptMetadata(sealedMetadata));
        }
        catch (RecordingFormatException e)
        {
            throw new Grid.Errors.RecordingCorruptException($"The stored metadata failed its integrity check ({e.Error}).");
        }
    }

    /// <summary>The header re-wrapped under the tenant's current key version; null when it already is.</summary>
    public async Task<byte[]?> RewrapAsync(byte[]? encodedHeader)
    {
        var header = RecordingHeader.Decode(encodedHeader).Header;
        if (header.Envelope.Key == (await Grain.GetInfoAsync()).Current)
        {
            return null;
        }

        var use = new KeyUse("rewrap", "grid:key-rotation");
        var dataKey = await Grain.UnwrapAsync(callId, header.Envelope, use);
        try
        {
            return header.WithEnvelope(await Grain.WrapAsync(callId, dataKey, use), dataKey).Encode();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }
}
