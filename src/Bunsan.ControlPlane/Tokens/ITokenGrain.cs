namespace Bunsan.ControlPlane.Tokens;

/// <summary>The federation's access tokens, by hash (see <see cref="ControlPlaneGrains.Tokens"/>).</summary>
[Alias("bunsan.ITokenGrain")]
public interface ITokenGrain : IGrainWithIntegerKey
{
    /// <summary>Records a token's hash and kind; durable when it returns.</summary>
    [Alias("add")]
    Task Add(string tokenHash, TokenKind kind);

    /// <summary>The kind of the token with this hash, or null when no such token exists.</summary>
    [Alias("kind-of")]
    Task<TokenKind?> KindOf(string tokenHash);

    /// <summary>How many tokens of a kind exist (`bunsan up` creates the first admin token when there is none).</summary>
    [Alias("count")]
    Task<int> Count(TokenKind kind);
}
