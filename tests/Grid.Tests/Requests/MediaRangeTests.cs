using Grid.Api;

namespace Grid.Tests.Requests;

/// <summary>Range header parsing against RFC 9110 (single ranges; several ranges fall back to the whole).</summary>
public sealed class MediaRangeTests
{
    [Theory]
    [InlineData(null, MediaRange.Outcome.Whole, 0, 999)]
    [InlineData("bytes=0-0", MediaRange.Outcome.Partial, 0, 0)]
    [InlineData("bytes=10-19", MediaRange.Outcome.Partial, 10, 19)]
    [InlineData("bytes=990-", MediaRange.Outcome.Partial, 990, 999)]
    [InlineData("bytes=-1", MediaRange.Outcome.Partial, 999, 999)]
    [InlineData("bytes=-5000", MediaRange.Outcome.Partial, 0, 999)]
    [InlineData("bytes=500-5000", MediaRange.Outcome.Partial, 500, 999)]
    [InlineData("bytes=0-1,5-6", MediaRange.Outcome.Whole, 0, 999)]
    [InlineData("items=0-1", MediaRange.Outcome.Whole, 0, 999)]
    [InlineData("bytes=1000-", MediaRange.Outcome.Unsatisfiable, 0, 999)]
    [InlineData("bytes=5-4", MediaRange.Outcome.Unsatisfiable, 0, 999)]
    [InlineData("bytes=-0", MediaRange.Outcome.Unsatisfiable, 0, 999)]
    [InlineData("bytes=x-1", MediaRange.Outcome.Unsatisfiable, 0, 999)]
    [InlineData("bytes=+1-2", MediaRange.Outcome.Unsatisfiable, 0, 999)]
    public void Ranges_of_a_thousand_bytes(string? header, MediaRange.Outcome outcome, long start, long end)
    {
        Assert.Equal(outcome, MediaRange.Parse(header, 1000, out var range));
        if (outcome != MediaRange.Outcome.Unsatisfiable)
        {
            Assert.Equal(new MediaRange(start, end), range);
        }
    }
}
