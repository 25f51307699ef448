using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;

namespace Bunsan.Benchmarks;

/// <summary>
/// What an operator's tools do to the HTTP API while agents beat: at a fixed rate, in turn, GET /v1/functions,
/// GET /v1/plan and GET /v1/sites/{a random site}; every <c>deployEvery</c> (5 s by default, --deploy-every) a
/// PUT /v1/functions/{name} that really changes the spec (its p99 execution time alternates), so the deploy replans;
/// every 5 s, 2.5 s into each 5 s, GET /v1/sites, the whole federation in one response; every 5 s, 1.25 s into each,
/// one page of it (GET /v1/sites?limit=100 after a random site), as an operator's tool that pages would ask. Open
/// loop: each probe leaves on schedule whether or not earlier ones came back, so a stall is measured as the latency
/// of every probe it delays rather than as probes that were never sent.
/// </summary>
internal sealed class ControlPlaneScaleProbe(string phase, HttpClient admin, ControlPlaneScaleAgents agents, string moduleDigest, TimeSpan deployEvery)
{
    public const string PutFunction = "echo";
    private const int PageLimit = 100;
    private static readonly TimeSpan SitesEvery = TimeSpan.FromSeconds(5);

    private readonly List<Task> _pending = [];
    private int _puts;

    public ControlPlaneScaleLatencies Functions { get; } = new($"{phase}: GET /v1/functions");

    public ControlPlaneScaleLatencies Plan { get; } = new($"{phase}: GET /v1/plan");

    public ControlPlaneScaleLatencies Site { get; } = new($"{phase}: GET /v1/sites/{{id}}");

    public ControlPlaneScaleLatencies Put { get; } = new($"{phase}: PUT /v1/functions/{{name}}");

    public ControlPlaneScaleLatencies AllSites { get; } = new($"{phase}: GET /v1/sites (all)");

    public ControlPlaneScaleLatencies SitesPage { get; } = new($"{phase}: GET /v1/sites?limit={PageLimit}");

    public long AllSitesBytes { get; private set; }

    public IEnumerable<ControlPlaneScaleLatencies> All => [Functions, Plan, Site, Put, AllSites, SitesPage];


    public async Task RunAsync(int rate, TimeSpan duration)
    {
        long start = Stopwatch.GetTimestamp();
        long probes = (long)(duration.TotalSeconds * rate);
        long putStep = Math.Max(1, (long)(deployEvery.TotalSeconds * rate));
        long sitesStep = (long)(SitesEvery.TotalSeconds * rate);
        long nextPut = 0;
        long nextAllSites = sitesStep / 2;
        long nextPage = sitesStep / 4;
        for (long k = 0; k < probes; k++)
        {
            TimeSpan due = TimeSpan.FromSeconds((double)k / rate) - Stopwatch.GetElapsedTime(start);
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due);
            }
            _pending.Add((k % 3) switch
            {
                0 => GetAsync("v1/functions", Functions),
                1 => GetAsync("v1/plan", Plan),
                _ => GetAsync("v1/sites/" + Uri.EscapeDataString(agents.SiteId(Random.Shared.Next(agents.SiteCount))), Site),
            });
            if (k == nextPut)
            {
                _pending.Add(PutAsync());
                nextPut += putStep;
            }
            if (k == nextAllSites)
            {
                _pending.Add(GetAsync("v1/sites", AllSites, sizeOf: true));
                nextAllSites += sitesStep;
            }
            if (k == nextPage)
            {
                string after = Uri.EscapeDataString(agents.SiteId(Random.Shared.Next(agents.SiteCount)));
                _pending.Add(GetAsync($"v1/sites?limit={PageLimit}&after={after}", SitesPage));
                nextPage += sitesStep;
            }
        }
        await Task.WhenAll(_pending);
    }

    private async Task GetAsync(string path, ControlPlaneScaleLatencies latencies, bool sizeOf = false)
    {
        long start = Stopwatch.GetTimestamp();
        try
        {
            using HttpResponseMessage response = await admin.GetAsync(path);
            byte[] body = await response.Content.ReadAsByteArrayAsync();
            Record(response, start, latencies);
            if (sizeOf)
            {
                AllSitesBytes = body.Length;
            }
        }
        catch (HttpRequestException e)
        {
            latencies.Fail(e.HttpRequestError.ToString());
        }
    }

    private async Task PutAsync()
    {
        double p99 = Interlocked.Increment(ref _puts) % 2 == 0 ? 5 : 6;
        long start = Stopwatch.GetTimestamp();
        try
        {
            using HttpResponseMessage response = await admin.PutAsJsonAsync($"v1/functions/{PutFunction}",
                new Dictionary<string, object> { ["module_digest"] = moduleDigest, ["class"] = "interactive", ["exec_p99_ms"] = p99 });
            await response.Content.ReadAsByteArrayAsync();
            Record(response, start, Put);
        }
        catch (HttpRequestException e)
        {
            Put.Fail(e.HttpRequestError.ToString());
        }
    }

    private static void Record(HttpResponseMessage response, long start, ControlPlaneScaleLatencies latencies)
    {
        if (response.IsSuccessStatusCode)
        {
            latencies.AddSince(start);
        }
        else
        {
            latencies.Fail(((int)response.StatusCode).ToString(CultureInfo.InvariantCulture));
        }
    }
}
