using System.Collections.Concurrent;
using System.Text.Json;
using Bunsan.Federation.Policies;

namespace Bunsan.Agent.Data;

/// <summary>A dataset's owner and usage policy as this site holds them; a revoked policy refuses every query.</summary>
public sealed record SitePolicy(string Owner, UsagePolicy Policy, bool Revoked);

/// <summary>
/// The usage policies of this site's datasets, the site's own copy: every query is checked against it here, at the
/// owner's site, whatever the coordinator believes. Kept in one JSON file beside the DuckDB database (written to a
/// temporary file and renamed, so a crash leaves the old book or the new), and read back at start, so a restarted agent
/// enforces the same policies with no control plane reachable.
/// </summary>
public sealed class SitePolicies
{
    private readonly string _path;
    private readonly ConcurrentDictionary<string, SitePolicy> _policies = new(StringComparer.Ordinal);
    private readonly Lock _writing = new();

    private SitePolicies(string path) => _path = path;

    private sealed record StoredPolicy(string Owner, string Policy, bool Revoked);

    /// <summary>Opens the book in <paramref name="directory"/>; a policy that no longer parses is dropped (its dataset then refuses every query).</summary>
    public static SitePolicies Open(string directory)
    {
        var book = new SitePolicies(Path.Combine(directory, "policies.json"));
        if (!File.Exists(book._path))
        {
            return book;
        }
        Dictionary<string, StoredPolicy>? stored = JsonSerializer.Deserialize<Dictionary<string, StoredPolicy>>(File.ReadAllBytes(book._path));
        foreach ((string dataset, StoredPolicy entry) in stored ?? [])
        {
            if (UsagePolicy.Parse(entry.Policy).Policy is { } policy)
            {
                book._policies[dataset] = new SitePolicy(entry.Owner, policy, entry.Revoked);
            }
        }
        return book;
    }

    public SitePolicy? Of(string dataset) => _policies.GetValueOrDefault(dataset);

    public void Set(string dataset, SitePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        lock (_writing)
        {
            _policies[dataset] = policy;
            Save();
        }
    }

    public void Remove(string dataset)
    {
        lock (_writing)
        {
            if (_policies.TryRemove(dataset, out _))
            {
                Save();
            }
        }
    }

    private void Save()
    {
        var stored = _policies.ToDictionary(p => p.Key, p => new StoredPolicy(p.Value.Owner, p.Value.Policy.Json, p.Value.Revoked), StringComparer.Ordinal);
        string temporary = _path + ".tmp";
        File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(stored));
        File.Move(temporary, _path, overwrite: true);
    }
}
