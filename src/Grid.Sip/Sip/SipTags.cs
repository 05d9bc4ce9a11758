using System.Security.Cryptography;

namespace Grid.Sip.Sip;

/// <summary>Random identifiers: tags (RFC 3261 §19.3, at least 32 random bits), branches and Call-IDs.</summary>
public static class SipTags
{
    /// <summary>A new tag (64 random bits, hex).</summary>
    public static string New() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    /// <summary>A new branch with the RFC 3261 magic cookie.</summary>
    public static string NewBranch() => SipVia.MagicCookie + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10));
}
