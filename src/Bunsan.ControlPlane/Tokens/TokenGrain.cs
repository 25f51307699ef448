namespace Bunsan.ControlPlane.Tokens;

/// <summary>What the token grain stores: token kinds by SHA-256 hash.</summary>
[GenerateSerializer, Alias("bunsan.token-state")]
public sealed class TokenState
{
    [Id(0)]
    public Dictionary<string, TokenKind> Kinds { get; set; } = new(StringComparer.Ordinal);
}

/// <inheritdoc cref="ITokenGrain"/>
[GrainType("tokens")]
public sealed class TokenGrain([PersistentState("tokens")] IPersistentState<TokenState> state) : Grain, ITokenGrain
{
    public async Task Add(string tokenHash, TokenKind kind)
    {
        ArgumentException.ThrowIfNullOrEmpty(tokenHash);
        if (state.State.Kinds.TryGetValue(tokenHash, out TokenKind existing) && existing == kind)
        {
            return;
        }
        state.State.Kinds[tokenHash] = kind;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.Kinds.Remove(tokenHash);
            throw;
        }
    }

    public Task<TokenKind?> KindOf(string tokenHash) =>
        Task.FromResult(state.State.Kinds.TryGetValue(tokenHash ?? "", out TokenKind kind) ? kind : (TokenKind?)null);

    public Task<int> Count(TokenKind kind) => Task.FromResult(state.State.Kinds.Values.Count(k => k == kind));
}
