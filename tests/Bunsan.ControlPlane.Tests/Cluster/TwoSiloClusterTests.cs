using System.Collections.Immutable;
using Bunsan.ControlPlane.Functions;
using Bunsan.ControlPlane.Hosting;
using Bunsan.ControlPlane.Plans;
using Bunsan.ControlPlane.Sites;
using Bunsan.Tests;
using Microsoft.Extensions.DependencyInjection;

namespace Bunsan.ControlPlane.Tests.Cluster;

/// <summary>Two real silos in this process, clustered through a real Redis, their state in one real PostgreSQL schema.</summary>
[Collection(ClusterServices.Name)]
public sealed class TwoSiloClusterTests(PostgresFixture postgres, RedisFixture redis) : ClusterTest(postgres, redis)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task SiteAndFunctionWrittenThroughOneSilo_AreReadThroughTheOther_AndOutliveIt()
    {
        CancellationToken cancel = TestContext.Current.CancellationToken;
        await using ControlPlaneHost b = await StartSiloAsync();
        // B reads its site table while alone, so the table counts as loaded: sites whose grains later live on A
        // reach B's table again only if B reloads them when A leaves.
        Assert.Empty((await b.Services.GetRequiredService<LiveSiteTable>().CaptureAsync()).Statuses);
        string[] sites = [.. Enumerable.Range(0, 12).Select(i => $"edge-{i:D2}")];
        ControlPlaneHost a = await StartSiloAsync();
        try
        {
            foreach (string id in sites)
            {
                Assert.True((await a.Grains.Site(id).Register(Samples.Osaka with { Name = id })).Succeeded);
            }
            Assert.True((await a.Grains.Function("collision-warning").Deploy(Samples.CollisionWarning("collision-warning"), Samples.Digest)).Succeeded);

            Assert.Equal(sites, (await b.Grains.SiteIds()).Order(StringComparer.Ordinal));
            Assert.Equal(sites, await Task.WhenAll(sites.Select(async id => (await b.Grains.Site(id).GetStatus())!.Site.Name)));
            Assert.Equal(Samples.Digest, (await b.Grains.Function("collision-warning").GetDeployment())!.Spec.ModuleDigest);
            // Abrupt: a cancelled token stops the silo without deactivating (or handing over) its grains, as a crash would.
            await a.StopAsync(new CancellationToken(canceled: true));
        }
        finally
        {
            await a.DisposeAsync();
        }

        Assert.Equal(sites, (await b.Grains.SiteIds()).Order(StringComparer.Ordinal));
        FunctionDeployment? deployment = await b.Grains.Function("collision-warning").GetDeployment();
        Assert.Equal(Samples.Digest, deployment!.Spec.ModuleDigest);
        Assert.Equal(sites, await EventuallyAsync(
            async () => (await b.Services.GetRequiredService<LiveSiteTable>().CaptureAsync()).Topology.Sites.Select(site => site.Id).ToArray(),
            ids => ids.SequenceEqual(sites)));
        await b.StopAsync(cancel);
    }

    [Fact]
    public async Task Replan_OnOneSilo_ReachesWatchersOfBoth()
    {
        CancellationToken cancel = TestContext.Current.CancellationToken;
        await using ControlPlaneHost a = await StartSiloAsync();
        await using ControlPlaneHost b = await StartSiloAsync();
        using PlanSubscription watchA = a.Services.GetRequiredService<PlanBroadcaster>().Subscribe();
        using PlanSubscription watchB = b.Services.GetRequiredService<PlanBroadcaster>().Subscribe();
        Assert.True((await a.Grains.Site("edge-osaka").Register(Samples.Osaka)).Succeeded);
        Assert.True((await a.Grains.Function("collision-warning").Deploy(Samples.CollisionWarning("collision-warning"), Samples.Digest)).Succeeded);

        // As the API does after a deploy. The plan grain lives on one silo; only the relay brings its plan to the other.
        FederationPlan planned = await a.Grains.Plan().Replan();

        Assert.Contains(planned.Functions, f => f.Spec.Name == "collision-warning");
        foreach (PlanSubscription watch in new[] { watchA, watchB })
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            timeout.CancelAfter(Patience);
            FederationPlan seen;
            do
            {
                seen = await watch.Plans.ReadAsync(timeout.Token);
            }
            while (seen.Version < planned.Version);
            Assert.Equal(planned.Version, seen.Version);
            Assert.Equal(["edge-osaka"], seen.Sites.Select(site => site.Id));
        }
        await a.StopAsync(cancel);
        await b.StopAsync(cancel);
    }

    private Task<ControlPlaneHost> StartSiloAsync() =>
        ControlPlaneHost.StartAsync(SiloOptions(NewDataDirectory()), cancellationToken: TestContext.Current.CancellationToken);

    /// <summary>Reads until the value satisfies <paramref name="done"/> or <see cref="Patience"/> runs out; returns the last value read.</summary>
    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        using var timeout = new CancellationTokenSource(Patience);
        T value = await read();
        while (!done(value) && !timeout.IsCancellationRequested)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
            value = await read();
        }
        return value;
    }
}
