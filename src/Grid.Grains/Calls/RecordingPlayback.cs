using System.Runtime.CompilerServices;
using Grid.Crypto.Format;
using Grid.Errors;
using Microsoft.Extensions.Logging;

namespace Grid.Grains.Calls;

/// <summary>
/// Plays a stored recording: reads its RGRD stream with every check of the format, and turns storage or integrity
/// failures into the typed errors callers see. The stored header must be this recording's (same bound section); the
/// key envelope of the grain state is the one unwrapped, so a re-wrap interrupted between state and storage never
/// blocks playback.
/// </summary>
internal static class RecordingPlayback
{
    public static async IAsyncEnumerable<byte[]> ReadAsync(
        Stream stored,
        byte[] expectedHeader,
        Func<RecordingHeader, Task<byte[]>> unwrap,
        ILogger logger,
        string tenantId,
        string callId,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var expected = RecordingHeader.Decode(expectedHeader).Header;
        await using var stream = stored;
        await using var segments = RecordingReader.ReadAsync(stream, (header, _) => header.AssociatedData.AsSpan().SequenceEqual(expected.AssociatedData)
            ? unwrap(expected)
            : throw new RecordingFormatException(RecordingFormatError.BadHeader, "The stored header is not this recording's header."), cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            byte[] chunk;
            try
            {
                if (!await segments.MoveNextAsync())
                {
                    yield break;
                }

                chunk = segments.Current.Data;
            }
            catch (RecordingFormatException e)
            {
                CallLog.Corrupt(logger, tenantId, callId, e.Error);
                throw new RecordingCorruptException($"The stored recording failed its integrity check ({e.Error}); it may have been tampered with or damaged. Restore it from a replica.");
            }
            catch (Azure.RequestFailedException e) when (e.Status is 404 or 416)
            {
                throw new RecordingCorruptException("A part of the stored recording is missing. Restore it from a replica.");
            }

            yield return chunk;
        }
    }
}
