using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using static Bunsan.Agent.Tests.AgentFederation;
using static Bunsan.Agent.Tests.PeerFederation;
using Bunsan.Tests;

namespace Bunsan.Agent.Tests;

/// <summary>
/// Forwards between real agents on loopback: HTTP/2 on one connection per peer, warm from the first request, failover
/// intact. Run alone (<see cref="AloneOnTheMachine"/>): a first request measured while another class's four agents
/// JIT-compile on the same 2 cores says nothing about warm-up.
/// </summary>
[Collection(AloneOnTheMachine.Name)]
public sealed class PeerForwardingTests : IAsyncDisposable
{
    private readonly PeerFederation _federation = new();

    public ValueTask DisposeAsync() => _federation.DisposeAsync();

    [Fact]
    public async Task Forward_FirstRequestAfterStart_MeetsA100MsBudgetOverHttp2()
    {
        await _federation.StartProcessAsync(First);
        await _federation.StartProcessAsync(Second);
        await _federation.StartProcessAsync(GatewaySite);

        // 100 ms: ample for a warm loopback hop (~1 ms), short of the ~290 ms a cold gateway took before warm-up.
        using var response = await _federation.InvokeAsync("echo", "first"u8.ToArray(), deadlineMs: "100");

        string body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("first", body);
        Assert.Equal(First, Header(response, "Bunsan-Site"));
        Assert.Equal("HTTP/2", Header(response, "Bunsan-Peer-Protocol"));
    }

    [Fact]
    public async Task Forward_ManyConcurrent_ShareOneHttp2Connection()
    {
        await _federation.StartProcessAsync(First);
        await _federation.StartProcessAsync(Second);
        AgentHost gateway = await _federation.StartInProcessAsync(GatewaySite);
        int first = SiteIndex(gateway, First);
        int opened = gateway.Peers.ConnectionsOpened(first);

        HttpResponseMessage[] responses = await Task.WhenAll(Enumerable.Range(0, 50)
            .Select(i => _federation.InvokeAsync("echo", Encoding.UTF8.GetBytes($"e{i}"), deadlineMs: "2000")));

        for (int i = 0; i < responses.Length; i++)
        {
            Assert.Equal(HttpStatusCode.OK, responses[i].StatusCode);
            Assert.Equal($"e{i}", await responses[i].Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        }
        var overFirst = responses.Where(r => Header(r, "Bunsan-Site") == First).ToList();
        Assert.NotEmpty(overFirst);
        Assert.All(responses, r => Assert.Equal("HTTP/2", Header(r, "Bunsan-Peer-Protocol")));
        // Warm-up opened the connection; 50 forwards in flight at once opened none (HTTP/1.1 would open one per forward in flight).
        Assert.Equal(opened, gateway.Peers.ConnectionsOpened(first));
        Array.ForEach(responses, r => r.Dispose());
    }

    [Fact]
    public async Task Forward_PeerProtocol11_UsesKeepAliveToTheClientEndpoint()
    {
        await _federation.StartProcessAsync(First);
        await _federation.StartProcessAsync(Second);
        await _federation.StartInProcessAsync(GatewaySite, HttpVersion.Version11);

        using var response = await _federation.InvokeAsync("echo", "one"u8.ToArray(), deadlineMs: "2000");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("HTTP/1.1", Header(response, "Bunsan-Peer-Protocol"));
    }

    [Fact]
    public async Task Forward_PeerPortUnreachable_FallsBackToHttp11()
    {
        // A stand-in for Fukuoka whose health answer advertises a peer port nothing listens on (a firewall, say).
        int closedPort = LoopbackPorts.Free();
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, _federation.Endpoints[First].Port));
        await using WebApplication fukuoka = builder.Build();
        fukuoka.MapGet("/v1/health", (HttpContext http) => http.Response.Headers["Bunsan-Peer-Port"] = closedPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        fukuoka.MapPost("/v1/invoke/echo", async (HttpContext http) =>
        {
            http.Response.Headers["Bunsan-Site"] = First;
            http.Response.Headers["Bunsan-Peer-Protocol"] = http.Request.Protocol;
            await http.Request.Body.CopyToAsync(http.Response.Body);
        });
        await fukuoka.StartAsync(TestContext.Current.CancellationToken);
        await _federation.StartInProcessAsync(GatewaySite);

        using var response = await _federation.InvokeAsync("echo", "fallback"u8.ToArray(), deadlineMs: "2000");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("fallback", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("HTTP/1.1", Header(response, "Bunsan-Peer-Protocol"));
    }

    [Fact]
    public async Task Forward_PeerKilledWithForwardsInFlight_NextCandidateAnswersThem()
    {
        await _federation.StartProcessAsync(First);
        await _federation.StartProcessAsync(Second);
        await _federation.StartProcessAsync(GatewaySite);
        // Primes below 200,000: ~10-20 ms of CPU each; 400 of them keep Fukuoka's two cores busy for 2-4 s, so most are
        // still there when it dies even if this test's own continuation is slow to run (with 200 requests, a busy run of
        // the whole suite once saw Fukuoka answer every one before the kill).
        byte[] n = BitConverter.GetBytes(200_000);
        var calls = Enumerable.Range(0, 400).Select(_ => _federation.InvokeAsync("primes", n, deadlineMs: "20000")).ToList();

        // Killed once it has answered one, with most still queued or running there: their streams die mid-answer.
        await Task.WhenAny(calls);
        _federation.Kill(First);
        HttpResponseMessage[] responses = await Task.WhenAll(calls);

        string[] bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)));
        string summary = string.Join(" | ", responses.Select((r, i) => $"{(int)r.StatusCode} {Header(r, "Bunsan-Site")} {(r.IsSuccessStatusCode ? "" : bodies[i])}"));
        Assert.All(responses, r => Assert.True(r.StatusCode == HttpStatusCode.OK, summary));
        Assert.True(responses.Any(r => Header(r, "Bunsan-Site") == Second), summary);
        foreach (HttpResponseMessage response in responses)
        {
            Assert.Equal(17_984, BitConverter.ToInt32(await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken)));
        }
        Array.ForEach(responses, r => r.Dispose());
    }

    [Fact]
    public async Task Forward_EveryReplicaDead_AnswersDeadlineErrorNamingThem()
    {
        await _federation.StartProcessAsync(First);
        await _federation.StartProcessAsync(Second);
        await _federation.StartProcessAsync(GatewaySite);
        _federation.Kill(First);
        _federation.Kill(Second);

        using var response = await _federation.InvokeAsync("echo", "x"u8.ToArray(), deadlineMs: "2000");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        JsonElement error = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        Assert.Equal("deadline", error.GetProperty("error").GetString());
        var tried = error.GetProperty("tried").EnumerateArray().ToList();
        Assert.Equal([First, Second], tried.Select(t => t.GetProperty("site").GetString()).Order(StringComparer.Ordinal));
        Assert.All(tried, t => Assert.StartsWith("unreachable", t.GetProperty("outcome").GetString(), StringComparison.Ordinal));
    }

    private static int SiteIndex(AgentHost host, string site) =>
        host.Federation.Topology.Sites.Select((s, i) => (s.Id, i)).Single(x => x.Id == site).i;
}
