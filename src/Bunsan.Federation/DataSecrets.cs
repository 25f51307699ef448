using System.Security.Cryptography;

namespace Bunsan.Federation;

/// <summary>
/// The bearer secret of a site's data API: 32 random bytes as base64url (43 characters), made by the agent, given to
/// the control plane at registration, and compared in constant time on every data call.
/// </summary>
public static class DataSecrets
{
    public static string Create()
    {
        Span<byte> secret = stackalloc byte[32];
        RandomNumberGenerator.Fill(secret);
        return Convert.ToBase64String(secret).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>43 to 128 base64url characters: what <see cref="Create"/> makes, with room for longer secrets.</summary>
    public static bool IsWellFormed(string? secret) =>
        secret is { Length: >= 43 and <= 128 } && secret.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>Whether <paramref name="presented"/> is <paramref name="expected"/>, taking the same time wherever they differ.</summary>
    public static bool Matches(string expected, string? presented)
    {
        ArgumentNullException.ThrowIfNull(expected);
        if (presented is null)
        {
            return false;
        }
        return CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(expected), System.Text.Encoding.UTF8.GetBytes(presented));
    }
}
