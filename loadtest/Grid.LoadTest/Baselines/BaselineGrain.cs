using Grid.Crypto.Format;
using Grid.Keys;

namespace Grid.LoadTest.Baselines;

public sealed class BaselineGrain : Grain, IBaselineGrain
{
    private RecordingCipher? cipher;

    public Task<int> EchoAsync(long sequence, byte[] data) => Task.FromResult(data.Length);

    public Task<int> AppendWithoutStorageAsync(long sequence, byte[] data)
    {
        if (cipher is null)
        {
            var key = RecordingKeys.NewDataKey();
            cipher = RecordingCipher.Open(RecordingHeader.Create("t-baseline", "call-baseline", new WrappedKey(new KeyReference(KeyCustodyKind.Software, "software:t-baseline", 1), "A256GCM", new byte[60]), key), key);
        }

        _ = cipher.TagChunk(sequence, data);
        return Task.FromResult(cipher.EncryptData(sequence, data).Length);
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        cipher?.Dispose();
        return Task.CompletedTask;
    }
}
