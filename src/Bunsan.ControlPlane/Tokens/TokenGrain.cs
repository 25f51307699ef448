namespace Bunsan.ControlPlane.Tokens;

/// <summary>What the token grain stores: token kinds by SHA-256 hash.</summary>
[GenerateSerializer, Alias("bunsan.token-state")]
public sealed class TokenState
{
    [Id(0)]
    public Dictionary<string, TokenKind> Kinds { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Analyst tokens' names by hash.</summary>
    [Id(1)]
    public Dictionary<string, string> Analysts { get; set; } = new(StringComparer.Ordinal);
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

    public async Task AddAnalyst(string tokenHash, string analyst)
    {
        ArgumentException.ThrowIfNullOrEmpty(tokenHash);
        ArgumentException.ThrowIfNullOrEmpty(analyst);
        state.State.Kinds[tokenHash] = TokenKind.Analyst;
        state.State.Analysts[tokenHash] = analyst;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.Kinds.Remove(tokenHash);
            state.State.Analysts.Remove(tokenHash);
            throw;
        }
    }

    public Task<TokenIdentity?> Identify(string tokenHash)
    {
        if (!state.State.Kinds.TryGetValue(tokenHash ?? "", out TokenKind kind))
        {
            return Task.FromResult<TokenIdentity?>(null);
        }
        string name = kind switch
        {
            TokenKind.Admin => TokenIdentity.AdminName,
            TokenKind.Analyst => state.State.Analysts.GetValueOrDefault(tokenHash!, ""),
            _ => "",
        };
        return Task.FromResult<TokenIdentity?>(new TokenIdentity(kind, name));
    }

    public Task<int> Count(TokenKind kind) => Task.FromResult(state.State.Kinds.Values.Count(k => k == kind));
}
