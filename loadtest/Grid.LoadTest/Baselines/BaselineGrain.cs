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

        // What the call grain's writer does per chunk before the durable write: one encryption; the content tag is a
        // slice of the frame's GCM tag (no second pass over the bytes).
        var frame = cipher.EncryptData(sequence, data);
        _ = frame.AsSpan(frame.Length - 16, 12).ToArray();
        return Task.FromResult(frame.Length);
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        cipher?.Dispose();
        return Task.CompletedTask;
    }
}
