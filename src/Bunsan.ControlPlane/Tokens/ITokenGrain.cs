namespace Bunsan.ControlPlane.Tokens;

/// <summary>The federation's access tokens, by hash (see <see cref="ControlPlaneGrains.Tokens"/>).</summary>
[Alias("bunsan.ITokenGrain")]
public interface ITokenGrain : IGrainWithIntegerKey
{
    /// <summary>Records a token's hash and kind; durable when it returns.</summary>
    [Alias("add")]
    Task Add(string tokenHash, TokenKind kind);

    /// <summary>Records an analyst token's hash under the analyst's name; durable when it returns.</summary>
    [Alias("add-analyst")]
    Task AddAnalyst(string tokenHash, string analyst);

    /// <summary>Who the token with this hash speaks for, or null when no such token exists.</summary>
    [Alias("identify")]
    Task<TokenIdentity?> Identify(string tokenHash);

    /// <summary>How many tokens of a kind exist (`bunsan up` creates the first admin token when there is none).</summary>
    [Alias("count")]
    Task<int> Count(TokenKind kind);
}
