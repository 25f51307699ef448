namespace Bunsan.ControlPlane.Datasets;

/// <summary>
/// The secret a site's agent gave at registration for its data API (loading datasets, setting policies, query
/// fragments), keyed by site id. The control plane presents it as a bearer token when it calls the site; the agent
/// refuses data calls without it, so holding a site's address is not enough to query its datasets.
/// </summary>
[Alias("bunsan.ISiteDataAccessGrain")]
public interface ISiteDataAccessGrain : IGrainWithStringKey
{
    /// <summary>Records the site's current secret (an agent sends the same one after every restart); durable when it returns.</summary>
    [Alias("set")]
    Task Remember(string secret);

    /// <summary>The secret, or null when the site never gave one (an agent without a data store).</summary>
    [Alias("get")]
    Task<string?> Secret();
}

/// <summary>What a site data-access grain stores.</summary>
[GenerateSerializer, Alias("bunsan.site-data-access-state")]
public sealed class SiteDataAccessState
{
    [Id(0)]
    public string? Secret { get; set; }
}

/// <inheritdoc cref="ISiteDataAccessGrain"/>
[GrainType("site-data-access")]
public sealed class SiteDataAccessGrain([PersistentState("site-data-access")] IPersistentState<SiteDataAccessState> state)
    : Grain, ISiteDataAccessGrain
{
    public async Task Remember(string secret)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        if (state.State.Secret == secret)
        {
            return;
        }
        string? previous = state.State.Secret;
        state.State.Secret = secret;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.Secret = previous;
            throw;
        }
    }

    public Task<string?> Secret() => Task.FromResult(state.State.Secret);
}
