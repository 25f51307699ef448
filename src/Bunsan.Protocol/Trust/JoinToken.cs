namespace Bunsan.Protocol.Trust;

/// <summary>
/// A join token as handed to an agent: the bearer secret, and in production mode the federation CA's fingerprint
/// after a '~' (<c>bsn_join_SECRET~FINGERPRINT</c>). The fingerprint lets an agent that has nothing else trust the
/// control plane on first contact; only the secret is ever sent.
/// </summary>
public readonly record struct JoinToken(string Bearer, string? CaFingerprint)
{
    public const char Separator = '~';

    public static JoinToken Parse(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        int at = token.IndexOf(Separator, StringComparison.Ordinal);
        return at < 0 ? new JoinToken(token, null) : new JoinToken(token[..at], token[(at + 1)..]);
    }

    public override string ToString() => CaFingerprint is null ? Bearer : Bearer + Separator + CaFingerprint;
}
