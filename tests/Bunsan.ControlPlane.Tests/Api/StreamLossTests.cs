using System.Net.Http.Json;
using System.Text.Json;
using Bunsan.ControlPlane.Hosting;
using Bunsan.Protocol.V1;
using Grpc.Core;

namespace Bunsan.ControlPlane.Tests.Api;

/// <summary>A control plane whose heartbeat thresholds are an hour: any change of health here comes from the plan stream.</summary>
public sealed class PatientHealthServerFixture : ServerFixture
{
    protected override void Configure(ControlPlaneOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.SiteHealth = new ControlPlane.Sites.SiteHealthOptions { HealthyWithin = TimeSpan.FromHours(1), DownAfter = TimeSpan.FromHours(1) };
    }
}

/// <summary>Crash detection by connection: an agent's plan stream closing makes its site suspect before any heartbeat is missed.</summary>
public sealed class StreamLossTests(PatientHealthServerFixture fixture) : IClassFixture<PatientHealthServerFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task LosingThePlanStream_MakesTheSiteDegraded_AndAHeartbeatMakesItHealthyAgain()
    {
        string site = Samples.UniqueId("edge-stream");
        await fixture.Agents.RegisterAsync(new RegisterRequest { Site = WireSamples.Site(site, 35.68, 139.69, "tokyo") }, fixture.JoinHeaders, cancellationToken: Cancel);
        await fixture.Agents.HeartbeatAsync(new HeartbeatRequest { SiteId = site, Utilisation = 0.1 }, fixture.JoinHeaders, cancellationToken: Cancel);
        using (var watching = CancellationTokenSource.CreateLinkedTokenSource(Cancel))
        {
            using AsyncServerStreamingCall<DesiredState> watch = fixture.Agents.Watch(new WatchRequest { SiteId = site }, fixture.JoinHeaders, cancellationToken: watching.Token);
            Assert.True(await watch.ResponseStream.MoveNext(watching.Token));
            Assert.Equal("healthy", await Health(site));
            await watching.CancelAsync();
        }

        await Eventually(async () => await Health(site) == "degraded");
        await fixture.Agents.HeartbeatAsync(new HeartbeatRequest { SiteId = site, Utilisation = 0.1 }, fixture.JoinHeaders, cancellationToken: Cancel);
        Assert.Equal("healthy", await Health(site));
    }

    [Fact]
    public async Task AStreamForAnUnknownSite_ChangesNothing()
    {
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        using (AsyncServerStreamingCall<DesiredState> watch = fixture.Agents.Watch(new WatchRequest { SiteId = "never-registered" }, fixture.JoinHeaders, cancellationToken: watching.Token))
        {
            Assert.True(await watch.ResponseStream.MoveNext(watching.Token));
            await watching.CancelAsync();
        }

        using HttpResponseMessage response = await fixture.Admin.GetAsync("/v1/sites/never-registered", Cancel);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
    }

    private async Task<string> Health(string site) =>
        (await fixture.Admin.GetFromJsonAsync<JsonElement>($"/v1/sites/{site}", Cancel)).GetProperty("health").GetString()!;

    private static async Task Eventually(Func<Task<bool>> condition)
    {
        DateTime deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold within 30 s");
            await Task.Delay(20, Cancel);
        }
    }
}
