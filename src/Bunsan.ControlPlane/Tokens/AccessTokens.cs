using System.Security.Cryptography;
using System.Text;

namespace Bunsan.ControlPlane.Tokens;

/// <summary>What a token lets its bearer do.</summary>
public enum TokenKind
{
    /// <summary>Everything: the HTTP API (sites, functions, modules, tokens).</summary>
    Admin,

    /// <summary>An agent joining the federation: the gRPC agent service and module downloads only.</summary>
    Join,

    /// <summary>
    /// An analyst, by name: federated queries and the dataset catalog (never rows). Privacy budgets are kept per
    /// analyst, so the name comes from the token, not from anything the caller says.
    /// </summary>
    Analyst,
}

/// <summary>Who a token speaks for: its kind, and for analysts their name ("admin" for admin tokens, "" for join tokens).</summary>
[GenerateSerializer, Alias("bunsan.token-identity")]
public sealed record TokenIdentity([property: Id(0)] TokenKind Kind, [property: Id(1)] string Name)
{
    /// <summary>The name an admin token queries under.</summary>
    public const string AdminName = "admin";
}

/// <summary>
/// Token text and hashing. A token is "bsn_" + kind + "_" + 32 random bytes (base64url): long enough that
/// guessing is hopeless, so a plain SHA-256 (not a slow password hash) is a safe thing to store, and the
/// control plane never keeps a token itself — a stolen database grants nothing.
/// </summary>
public static class AccessTokens
{
    public static string Create(TokenKind kind)
    {
        Span<byte> secret = stackalloc byte[32];
        RandomNumberGenerator.Fill(secret);
        return $"bsn_{kind.ToString().ToLowerInvariant()}_{Convert.ToBase64String(secret).TrimEnd('=').Replace('+', '-').Replace('/', '_')}";
    }

    /// <summary>The stored form: lowercase hex SHA-256 of the token's UTF-8 bytes.</summary>
    public static string Hash(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
    }

    /// <summary>Writes a token to a file only its owner can read (0600), replacing any previous one atomically.</summary>
    public static void WriteSecretFile(string path, string token) => Bunsan.Protocol.Trust.PrivateFile.Write(path, token + "\n");
}
