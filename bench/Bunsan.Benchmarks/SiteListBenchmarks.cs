using System.Collections.Immutable;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Bunsan.ControlPlane.Api;
using Bunsan.ControlPlane.Sites;
using Bunsan.Core.Geo;
using Bunsan.Core.Sites;

namespace Bunsan.Benchmarks;

/// <summary>
/// The body of an unpaged <c>GET /v1/sites</c> at 10,000 sites (§10's slowest call, ~4 MB): the views built from the
/// live table's statuses and written as JSON, against writing views already built (the serializer alone).
/// Run: dotnet run -c Release --project bench/Bunsan.Benchmarks -- --filter '*SiteListBenchmarks*'
/// </summary>
[MemoryDiagnoser]
public class SiteListBenchmarks
{
    private SiteStatus[] _statuses = [];
    private ImmutableArray<SiteView> _views;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(10);
        DateTimeOffset now = DateTimeOffset.UnixEpoch.AddYears(56);
        _statuses = [.. Enumerable.Range(0, 10_000).Select(i =>
        {
            string id = $"site-{i:D5}";
            var site = new Site(id, "Site " + i, new GeoPoint(24 + (20 * random.NextDouble()), 123 + (22 * random.NextDouble())),
                i % 10 == 0 ? SiteTier.Regional : SiteTier.Edge, "JP", new FailureDomains("metro-" + (i % 300), "region-" + (i % 9)),
                new SiteCapacity(16, 64), new EnergyProfile(100, 400, 1.4, 450), SiteHealth.Healthy, new Uri($"https://10.0.{i / 250}.{i % 250}:7443"));
            var load = new SiteLoad(random.NextDouble(), 10 * random.NextDouble(), now, [new FunctionIngress("collision-warning", 12.5), new FunctionIngress("route-planner", 3)]);
            return new SiteStatus(site, now.AddHours(-1), load, now);
        })];
        _views = [.. _statuses.Select(SiteView.From)];
    }

    [Benchmark(Baseline = true)]
    public Task SerializeBuiltViews() => JsonSerializer.SerializeAsync(System.IO.Stream.Null, _views, ApiJson.Options);

    [Benchmark]
    public Task BuildAndSerializeViews() => JsonSerializer.SerializeAsync(System.IO.Stream.Null, _statuses.Select(SiteView.From).ToImmutableArray(), ApiJson.Options);
}
