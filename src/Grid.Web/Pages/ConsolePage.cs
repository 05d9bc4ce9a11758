using System.Globalization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Grid.Web.Pages;

/// <summary>What every console page shares: the signed-in person, the API, and what to tell the person.</summary>
public abstract class ConsolePage(ConsoleApi api) : PageModel
{
    protected ConsoleApi Api { get; } = api;

    /// <summary>The signed-in person (every page but sign-in requires one).</summary>
    public ConsoleUser Person => field ??= ConsoleUser.From(User) ?? throw new InvalidOperationException("Nobody is signed in.");

    /// <summary>Why the last request to the API was refused, for the page to show.</summary>
    public string? Problem { get; protected set; }

    /// <summary>What the last action did.</summary>
    public string? Message { get; protected set; }

    /// <summary>Operators see none of a tenant's pages.</summary>
    public bool ForOperator => Person.IsOperator;

    /// <summary>Keeps the API's refusal for the page; true when the API answered with success.</summary>
    protected bool Accept<T>(ApiResult<T> result)
    {
        if (!result.Ok)
        {
            Problem = result.Explanation;
        }

        return result.Ok;
    }

    /// <summary>Places a legal hold (on one recording, or on the whole tenant when <paramref name="callId"/> is null).</summary>
    protected async Task PlaceHoldAsync(string? caseReference, string? legalBasis, string? callId, string done)
    {
        var placed = await Api.PostAsync<Grid.Retention.LegalHold>(Person, "holds", new { caseReference, legalBasis = string.IsNullOrWhiteSpace(legalBasis) ? null : legalBasis, callId }, HttpContext.RequestAborted);
        if (Accept(placed))
        {
            Message = string.Format(CultureInfo.InvariantCulture, done, placed.Value!.CaseReference);
        }
    }

    /// <summary>Releases a legal hold.</summary>
    protected async Task ReleaseHoldAsync(string? holdId)
    {
        var released = await Api.PostAsync<Grid.Retention.LegalHold>(Person, $"holds/{Uri.EscapeDataString(holdId ?? "")}/release", null, HttpContext.RequestAborted);
        if (Accept(released))
        {
            Message = $"Hold for case {released.Value!.CaseReference} released.";
        }
    }

    /// <summary>
    /// Checks a certificate's signature against the processor's public key as the API publishes it; the result
    /// becomes the page's message (or its problem).
    /// </summary>
    protected async Task VerifyCertificateAsync(Grid.Retention.DeletionCertificate certificate)
    {
        var key = await Api.GetAsync<Grid.Retention.ProcessorPublicKey>(Person, "certificates/verification-key", HttpContext.RequestAborted);
        if (!Accept(key))
        {
            return;
        }

        if (Grid.Crypto.Signing.ProcessorSigningKey.VerifyBody(certificate.Body, certificate.Signature, certificate.KeyId, key.Value!.PublicKeyPem))
        {
            Message = $"The certificate's signature is valid: signed by the processor's key {key.Value.KeyId}.";
        }
        else
        {
            Problem = "The certificate's signature does NOT verify against the processor's key: do not rely on it.";
        }
    }

    /// <summary>A country code as a person types it ("us", " de ") in the form the API takes ("US"); null when blank.</summary>
    public static string? Country(string? code) => string.IsNullOrWhiteSpace(code) ? null : code.Trim().ToUpperInvariant();

    public static string Time(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) ?? "—";

    public static string Length(TimeSpan? duration) => duration is { } d ? $"{(int)d.TotalMinutes}:{d.Seconds:D2}" : "—";

    public static string Size(long bytes) => bytes < 1024 * 1024
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MB");
}
