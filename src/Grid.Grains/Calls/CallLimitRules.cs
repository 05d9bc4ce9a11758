using Grid.Errors;

namespace Grid.Grains.Calls;

/// <summary>The checks of one chunk against the configured limits (typed errors; nothing is stored on failure).</summary>
public static class CallLimitRules
{
    public static void ValidateChunk(CallLimits limits, long sequence, byte[]? data)
    {
        if (data is null || data.Length == 0)
        {
            throw new GridValidationException("A chunk holds at least one byte of media.");
        }

        if (sequence < 0)
        {
            throw new GridValidationException("A sequence number is 0 or more.");
        }

        if (sequence > limits.MaxSequenceNumber)
        {
            throw new GridLimitExceededException(GridErrorCode.CallTooLong, $"Sequence number {sequence} is above the configured maximum {limits.MaxSequenceNumber}; end this call and start a new one.");
        }

        if (data.Length > limits.MaxChunkBytes)
        {
            throw new GridLimitExceededException(GridErrorCode.ChunkTooLarge, $"A chunk of {data.Length} bytes is larger than the configured maximum of {limits.MaxChunkBytes}; send smaller chunks.");
        }
    }

    /// <summary>A call records at most <see cref="CallLimits.MaxCallDuration"/> from its start.</summary>
    public static void RequireWithinDuration(CallLimits limits, DateTimeOffset? startedAt, DateTimeOffset now)
    {
        if (now - startedAt > limits.MaxCallDuration)
        {
            throw new GridLimitExceededException(GridErrorCode.CallTooLong, $"The call has recorded longer than the configured maximum of {limits.MaxCallDuration}; end it and start a new one.");
        }
    }
}
