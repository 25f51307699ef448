using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Bunsan.Agent.Control;
using Bunsan.ControlPlane.Api;
using Bunsan.ControlPlane.Hosting;
using Bunsan.Core.Geo;
using Bunsan.Core.Net;
using Bunsan.Core.Sites;
using DuckDB.NET.Data;

namespace Bunsan.Benchmarks;

/// <summary>
/// Issue 7's query benchmark: a real control plane and one real agent per city of the NIES stations (11 sites, 31
/// datasets, in this process, on loopback), then the same grouped query asked N times through POST /v1/queries. Reported
/// against two baselines measured in the same run: the query run centrally by DuckDB over one table holding every row
/// (what copying the datasets to one place buys), and the bytes such a copy would move.
/// </summary>
internal static class FederatedQueryScenario
{
    public const string Verb = "federated-query";

    private const string Usage = """
        federated-query: 31 NIES air-quality stations as datasets at 11 sites (one agent per city, in this process,
        on loopback), one grouped query asked N times; p50/p99 against DuckDB over the union in one place.

          dotnet run -c Release --project bench/Bunsan.Benchmarks -- federated-query [--queries N] [--stations DIR]

          --queries N      measured queries, 1 to 10000 (after 5 warm-up queries)   default 100
          --stations DIR   the NIES folder (selected_stations.csv, stations/)       default ../shared/data/iot/japan_air_pollution_nies_stations
        """;

    private const string Sql =
        "SELECT year(date) AS y, count(*) AS n, avg(NO2_mean) AS no2, stddev_samp(NOX_mean) AS nox FROM federation('air-*') GROUP BY year(date)";

    private const string Policy = """
        {"@context":"http://www.w3.org/ns/odrl.jsonld","@type":"Set","permission":[{"action":"aggregate","constraint":[
          {"leftOperand":"purpose","operator":"eq","rightOperand":"research"},{"leftOperand":"bunsan:minGroupSize","operator":"gteq","rightOperand":3}]}]}
        """;

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        int queries = 100;
        string folder = Path.Combine("..", "shared", "data", "iot", "japan_air_pollution_nies_stations");
        for (int i = 0; i < args.Count; i += 2)
        {
            string? value = i + 1 < args.Count ? args[i + 1] : null;
            switch (args[i])
            {
                case "--queries" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n is >= 1 and <= 10_000:
                    queries = n;
                    break;
                case "--stations" when value is not null:
                    folder = value;
                    break;
                default:
                    await Console.Error.WriteLineAsync($"{args[i]} {value}: not an option or out of range\n\n{Usage}");
                    return 2;
            }
        }
        string list = Path.Combine(folder, "selected_stations.csv");
        if (!File.Exists(list))
        {
            await Console.Error.WriteLineAsync($"--stations: {list} does not exist: pass the NIES folder of ../shared/data");
            return 2;
        }
        // city,station_code,latitude,longitude,...: the first four fields are never quoted.
        List<string[]> stations = [.. File.ReadLines(list).Skip(1).Select(l => l.Split(','))];
        string StationFile(string[] row) => Path.GetFullPath(Path.Combine(folder, "stations", row[1] + ".csv"));

        DirectoryInfo data = Directory.CreateTempSubdirectory("bunsan-bench-query-");
        var agents = new List<ControlledAgent>();
        try
        {
            await using ControlPlaneServer server = await ControlPlaneServer.StartAsync(new ControlPlaneOptions
            {
                DataDirectory = Path.Combine(data.FullName, "cp"),
                SiloPort = LoopbackPorts.Free(),
                GatewayPort = LoopbackPorts.Free(),
                ApiPort = 0,
                AgentPort = 0,
            });
            string join = (await File.ReadAllTextAsync(server.JoinTokenPath)).Trim();
            foreach (IGrouping<string, string[]> city in stations.GroupBy(r => r[0]))
            {
                agents.Add(await StartSiteAsync(server, join, city, data.FullName));
            }
            using var api = new HttpClient { BaseAddress = server.ApiUri, Timeout = TimeSpan.FromSeconds(60) };
            api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await File.ReadAllTextAsync(server.AdminTokenPath)).Trim());
            using JsonDocument policy = JsonDocument.Parse(Policy);
            foreach (string[] row in stations)
            {
                await AddAsync(api, row, StationFile(row), policy.RootElement);
            }

            var federated = new ControlPlaneScaleLatencies("federated (POST /v1/queries, 11 sites)");
            long moved = 0;
            for (int i = 0; i < 5 + queries; i++)
            {
                long start = Stopwatch.GetTimestamp();
                using HttpResponseMessage response = await api.PostAsJsonAsync("v1/queries", new { sql = Sql, purpose = "research" });
                string body = await response.Content.ReadAsStringAsync();
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    await Console.Error.WriteLineAsync($"query failed: {(int)response.StatusCode} {body}");
                    return 1;
                }
                if (i >= 5)
                {
                    federated.AddSince(start);
                    using JsonDocument answer = JsonDocument.Parse(body);
                    JsonElement traffic = answer.RootElement.GetProperty("traffic");
                    moved = traffic.GetProperty("bytes_to_sites").GetInt64() + traffic.GetProperty("bytes_from_sites").GetInt64();
                }
            }
            ControlPlaneScaleLatencies central = Central([.. stations.Select(StationFile)], queries);
            long files = stations.Sum(r => new FileInfo(StationFile(r)).Length);
            Report(federated, central, moved, files, stations.Count, agents.Count);
            return 0;
        }
        finally
        {
            foreach (ControlledAgent agent in agents)
            {
                await agent.DisposeAsync();
            }
            data.Delete(recursive: true);
        }
    }

    private static async Task<ControlledAgent> StartSiteAsync(ControlPlaneServer server, string join, IGrouping<string, string[]> city, string data)
    {
        string id = "edge-" + city.Key.ToLowerInvariant();
        int port = LoopbackPorts.Free();
        var at = new GeoPoint(city.Average(r => double.Parse(r[2], CultureInfo.InvariantCulture)), city.Average(r => double.Parse(r[3], CultureInfo.InvariantCulture)));
        ControlledAgentStart start = await ControlledAgent.StartAsync(new ControlledAgentOptions
        {
            ControlUrl = server.ApiUri,
            Token = join,
            Site = new Site(id, city.Key, at, SiteTier.Edge, "JP", new FailureDomains(id, city.Key), new SiteCapacity(2, 8),
                new EnergyProfile(10, 24, 1.6, 450), Endpoint: new Uri($"http://127.0.0.1:{port}")),
            Port = port,
            DataDirectory = Path.Combine(data, id),
        });
        return start.Agent ?? throw new InvalidOperationException($"{id}: {start.Field}: {start.Error}");
    }

    /// <summary>`PUT /v1/datasets/air-CODE`, retried while the site is still registering.</summary>
    private static async Task AddAsync(HttpClient api, string[] row, string file, JsonElement policy)
    {
        var body = new { site = "edge-" + row[0].ToLowerInvariant(), owner = row[0].ToLowerInvariant() + "-city", file, policy };
        for (int attempt = 0; ; attempt++)
        {
            using HttpResponseMessage response = await api.PutAsJsonAsync("v1/datasets/air-" + row[1], body);
            if (response.IsSuccessStatusCode)
            {
                return;
            }
            if (attempt == 100)
            {
                throw new InvalidOperationException($"dataset air-{row[1]}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
            await Task.Delay(100);
        }
    }

    /// <summary>The same query, centrally: DuckDB over one table of every row, loaded once as a warehouse would.</summary>
    private static ControlPlaneScaleLatencies Central(string[] files, int queries)
    {
        using var db = new DuckDBConnection("Data Source=:memory:");
        db.Open();
        using (DuckDBCommand load = db.CreateCommand())
        {
            load.CommandText = $"CREATE TABLE air AS SELECT * FROM read_csv([{string.Join(", ", files.Select(f => $"'{f.Replace("'", "''", StringComparison.Ordinal)}'"))}], union_by_name = true, header = true)";
            load.ExecuteNonQuery();
        }
        var central = new ControlPlaneScaleLatencies("central (DuckDB, one table)");
        using DuckDBCommand query = db.CreateCommand();
        query.CommandText = Sql.Replace("federation('air-*')", "air", StringComparison.Ordinal);
        for (int i = 0; i < 5 + queries; i++)
        {
            long start = Stopwatch.GetTimestamp();
            using DuckDBDataReader reader = query.ExecuteReader();
            while (reader.Read())
            {
            }
            if (i >= 5)
            {
                central.AddSince(start);
            }
        }
        return central;
    }

    private static void Report(ControlPlaneScaleLatencies federated, ControlPlaneScaleLatencies central, long moved, long files, int datasets, int sites)
    {
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(inv, $"federated-query: {datasets} datasets at {sites} sites, {federated.Count} queries, {Environment.ProcessorCount} cores"));
        Console.WriteLine(Sql);
        Console.WriteLine();
        Console.WriteLine(ControlPlaneScaleLatencies.Header);
        Console.WriteLine(federated.Row());
        Console.WriteLine(central.Row());
        Console.WriteLine();
        Console.WriteLine(string.Create(inv, $"p50 federated / central: {federated.Percentile(0.5) / central.Percentile(0.5):F1}x"));
        Console.WriteLine(string.Create(inv,
            $"bytes per query: {moved:N0} between the coordinator and the sites; copying the {datasets} files to one place: {files:N0} ({(double)files / moved:F0}x more)"));
    }
}
