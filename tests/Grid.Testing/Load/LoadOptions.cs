namespace Grid.Testing.Load;

public sealed record LoadOptions
{
    public required string TenantId { get; init; }

    public string CallIdPrefix { get; init; } = "load-" + Guid.NewGuid().ToString("N")[..8];

    public int Calls { get; init; } = 10;

    public TimeSpan CallDuration { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan ChunkDuration { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan RampUp { get; init; } = TimeSpan.FromSeconds(1);

    public MediaProfile Profile { get; init; } = MediaProfile.G711Stereo;

    public bool Verify { get; init; } = true;

    public int Seed { get; init; } = 1;

    /// <summary>Called when every call has ended, before verification.</summary>
    public Action? LoadFinished { get; init; }

    /// <summary>Start and duration of each call; null: <see cref="Calls"/> calls of <see cref="CallDuration"/> ramped over <see cref="RampUp"/>.</summary>
    public IReadOnlyList<(TimeSpan Start, TimeSpan Duration)>? Schedule { get; init; }
}
