using System.Globalization;
using System.Text.Json;
using Bunsan.Core.Geo;
using Bunsan.Tests;

namespace Bunsan.Cli.Tests.Data;

/// <summary>
/// The data federation as an operator builds it: a real control plane and one real agent per city of the NIES air-quality
/// stations (11 sites, 31 stations), each station loaded with `bunsan dataset add` as "air-&lt;code&gt;" at its city's site
/// under examples/datasets/research-only.json. A twelfth site, "edge-spare", holds one dataset of its own so a test can
/// cut it off without touching the others. Every site's data endpoint sits behind a <see cref="RecordingProxy"/>: the
/// control plane reaches the sites only through them, so a test sees every byte a query moved.
/// </summary>
public sealed class DataFederation() : LiveFederation("bunsan-cli-data-"), IAsyncLifetime
{
    public const string Folder = "data/iot/japan_air_pollution_nies_stations";

    public string? SkipReason { get; private set; }

    /// <summary>City → its site's id and wiretap.</summary>
    public SortedDictionary<string, (string Site, RecordingProxy Proxy)> Sites { get; } = new(StringComparer.Ordinal);

    /// <summary>Dataset name → the station file it was loaded from (for the central reference answers).</summary>
    public SortedDictionary<string, string> Files { get; } = new(StringComparer.Ordinal);

    /// <summary>Station code → (city, file).</summary>
    public SortedDictionary<string, (string City, string File)> Stations { get; } = new(StringComparer.Ordinal);

    public static string Example(string file) => Path.Combine(SharedData.RepoRoot, "examples", "datasets", file);

    /// <summary>The CLI's arguments followed by `--control URL --token T` (the admin's unless <paramref name="token"/>).</summary>
    public string[] Cli(string? token, params string[] args) => [.. args, "--control", Server!.ApiUri.ToString(), "--token", token ?? AdminToken];

    public async ValueTask InitializeAsync()
    {
        string? list = SharedData.PathOf(Folder + "/selected_stations.csv", out string reason);
        if (list is null)
        {
            SkipReason = reason;
            return;
        }
        await StartControlPlaneAsync(TimeSpan.FromSeconds(5));
        string stations = Path.Combine(Path.GetDirectoryName(list)!, "stations");
        // city,station_code,latitude,longitude,...: the first four fields are never quoted.
        List<string[]> rows = [.. File.ReadLines(list).Skip(1).Select(l => l.Split(','))];
        foreach (string[] row in rows)
        {
            Stations[row[1]] = (row[0], Path.Combine(stations, row[1] + ".csv"));
        }
        foreach (IGrouping<string, string[]> city in rows.GroupBy(r => r[0]))
        {
            var at = new GeoPoint(city.Average(r => Number(r[2])), city.Average(r => Number(r[3])));
            await StartSiteAsync(city.Key, "edge-" + city.Key.ToLowerInvariant(), at);
        }
        await StartSiteAsync("Spare", "edge-spare", new GeoPoint(26.2, 127.7));
        foreach ((string code, (string city, _)) in Stations)
        {
            Add("air-" + code, city, code, "research-only.json");
        }
        string spare = Stations.Keys.Last();
        Add("spare-" + spare, "Spare", spare, "research-only.json");
    }

    /// <summary>Runs the CLI against this control plane (as the admin unless <paramref name="token"/>).</summary>
    public (int Exit, string Out, string Err) Run(string? token, params string[] args) => CliRunner.Run(Cli(token, args));

    /// <summary>`bunsan query SQL --purpose P [--epsilon E] --json`: the exit code and the answer (or refusal) as JSON.</summary>
    public (int Exit, JsonElement Answer, string Err) Query(string? token, string sql, string purpose, string? epsilon = null)
    {
        string[] args = epsilon is null ? ["query", sql, "--purpose", purpose, "--json"] : ["query", sql, "--purpose", purpose, "--epsilon", epsilon, "--json"];
        (int exit, string output, string error) = Run(token, args);
        JsonElement answer = output.Length > 0 ? JsonDocument.Parse(output).RootElement.Clone() : default;
        return (exit, answer, error);
    }

    /// <summary>`bunsan dataset add NAME --site (the city's) --owner CITY-city --file (the station's) --policy POLICY`.</summary>
    public void Add(string name, string city, string code, string policy)
    {
        string file = Stations[code].File;
        (int exit, string output, string error) = CliRunner.Run(Cli(null, "dataset", "add", name, "--site", Sites[city].Site,
            "--owner", city.ToLowerInvariant() + "-city", "--file", file, "--policy", Example(policy)));
        Assert.True(exit == 0, $"dataset add {name}: {output}{error}");
        Files[name] = file;
    }

    /// <summary>A new analyst token for <paramref name="name"/> (each with its own privacy budgets).</summary>
    public string Analyst(string name)
    {
        (int exit, string output, string error) = CliRunner.Run(Cli(null, "token", "create", "--kind", "analyst", "--name", name));
        Assert.True(exit == 0, error);
        return output.Trim();
    }

    /// <summary>Every byte the wiretaps carried so far, all sites.</summary>
    public long Carried() => Sites.Values.Sum(s => (long)s.Proxy.Carried().Length);

    private async Task StartSiteAsync(string city, string id, GeoPoint location)
    {
        int port = LoopbackPorts.Free();
        var proxy = new RecordingProxy(port);
        Sites[city] = (id, proxy);
        await StartAgentAsync(id, city, location, port, new Uri($"http://127.0.0.1:{proxy.Port}"), TimeSpan.FromMilliseconds(500));
    }

    private static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        foreach ((_, RecordingProxy proxy) in Sites.Values)
        {
            await proxy.DisposeAsync();
        }
    }
}
