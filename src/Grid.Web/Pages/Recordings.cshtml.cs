using System.Globalization;
using Grid.Calls;

namespace Grid.Web.Pages;

/// <summary>
/// Search and results, through <c>POST .../recordings/search</c> (filters travel in the body, never in a URL). The
/// API pages newest first with a continuation; the sort choice orders the recordings of the page shown.
/// </summary>
public sealed class RecordingsModel(ConsoleApi api) : ConsolePage(api)
{
    public const int PageSize = 25;

    public static readonly IReadOnlyList<(string Value, string Label)> Sorts =
        [("newest", "Newest first"), ("oldest", "Oldest first"), ("longest", "Longest first"), ("largest", "Largest first")];

    public string? From { get; private set; }

    public string? To { get; private set; }

    public CallDirection? Direction { get; private set; }

    public string? Category { get; private set; }

    public string? Participant { get; private set; }

    public string Sort { get; private set; } = "newest";

    public int PageNumber { get; private set; } = 1;

    public IReadOnlyList<RecordingEntry> Items { get; private set; } = [];

    public string? Next { get; private set; }

    /// <summary>The filters as hidden fields of the paging forms (posted, so never in a URL).</summary>
    public IEnumerable<(string Name, string Value)> Filters =>
        new (string, string?)[] { ("from", From), ("to", To), ("direction", Direction?.ToString()), ("category", Category), ("participant", Participant), ("sort", Sort) }
            .Where(f => !string.IsNullOrEmpty(f.Item2)).Select(f => (f.Item1, f.Item2!));

    public Task OnGetAsync() => ForOperator ? Task.CompletedTask : SearchAsync(null);

    public async Task OnPostAsync(string? from, string? to, CallDirection? direction, string? category, string? participant, string? sort, string? continuation, int? pageNumber)
    {
        (From, To, Direction, Category, Participant) = (Blank(from), Blank(to), direction, Blank(category), Blank(participant));
        Sort = Sorts.Any(s => s.Value == sort) ? sort! : "newest";
        PageNumber = continuation is null ? 1 : Math.Max(2, pageNumber ?? 2);
        if (!ForOperator)
        {
            await SearchAsync(Blank(continuation));
        }
    }

    private async Task SearchAsync(string? continuation)
    {
        DateTimeOffset? from = null, to = null;
        if ((From is not null && (from = Utc(From)) is null) || (To is not null && (to = Utc(To)) is null))
        {
            Problem = "A time is a date and time such as 2026-11-29T09:30 (UTC).";
            return;
        }

        var body = new { from, to, direction = Direction, category = Category, participant = Participant, pageSize = PageSize, continuation };
        var result = await Api.PostAsync<RecordingPage>(Person, "recordings/search", body, HttpContext.RequestAborted);
        if (!Accept(result) || result.Value is not { } page)
        {
            return;
        }

        Next = page.Continuation;
        Items = Sort switch
        {
            "oldest" => [.. page.Items.OrderBy(i => i.StartedAt)],
            "longest" => [.. page.Items.OrderByDescending(i => i.Duration ?? TimeSpan.Zero)],
            "largest" => [.. page.Items.OrderByDescending(i => i.MediaBytes)],
            _ => page.Items,
        };
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static DateTimeOffset? Utc(string value) =>
        DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at)
            ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc))
            : null;
}
