using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Bunsan.Agent.Control;
using Bunsan.ControlPlane.Api;
using Bunsan.ControlPlane.Hosting;
using Bunsan.Core.Geo;
using Bunsan.Core.Sites;
using Bunsan.Tests;

namespace Bunsan.Agent.Tests.Control;

/// <summary>
/// Agents run by a real control plane, in this process: they join, receive the plan by push, fetch the module, serve;
/// they keep serving with the control plane stopped, and a restarted agent serves its cached plan without one.
/// </summary>
public sealed class ControlledAgentTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("bunsan-controlled-");
    private readonly List<ControlledAgent> _agents = [];
    private ControlPlaneServer? _server;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() =>
        _server = await ControlPlaneServer.StartAsync(new ControlPlaneOptions
        {
            DataDirectory = Path.Combine(_data.FullName, "cp"),
            SiloPort = LoopbackPorts.Free(),
            GatewayPort = LoopbackPorts.Free(),
            ApiPort = 0,
            AgentPort = 0,
        });

    [Fact]
    public async Task Agents_JoinReceiveThePlanAndServe_EvenWithTheControlPlaneGone()
    {
        ControlledAgent osaka = await StartAgent("edge-osaka", new GeoPoint(34.69, 135.50));
        ControlledAgent tokyo = await StartAgent("edge-tokyo", new GeoPoint(35.68, 139.69));
        long version = await Deploy("echo");
        await Until(() => osaka.Live.PlanVersion >= version && tokyo.Live.PlanVersion >= version
            && osaka.Live.Current.Local.Hosts("echo") && tokyo.Live.Current.Local.Hosts("echo"));

        Assert.Equal("from tokyo", await Invoke(tokyo, "from tokyo", new GeoPoint(35.68, 139.69)));
        Assert.Equal(2, tokyo.Live.Current.Federation.Topology.Sites.Length);

        await _server!.DisposeAsync();
        _server = null;
        Assert.Equal("control plane gone", await Invoke(osaka, "control plane gone", new GeoPoint(34.69, 135.50)));

        await osaka.DisposeAsync();
        _agents.Remove(osaka);
        // Restarted elsewhere (another port) with no control plane: it serves its cached plan, as itself.
        ControlledAgent restarted = await StartAgent("edge-osaka", new GeoPoint(34.69, 135.50), controlUrl: new Uri("http://127.0.0.1:1/"));
        Assert.True(restarted.Live.Current.Local.Hosts("echo"));
        Assert.Equal("restarted alone", await Invoke(restarted, "restarted alone", new GeoPoint(34.69, 135.50)));
    }

    [Fact]
    public async Task RequestsEnteringASiteWithoutAReplica_OfARealtimeFunction_BringOneThere()
    {
        // Three Kansai sites within a few ms of each other: placement alone covers them with fewer replicas than sites.
        ControlledAgent[] kansai =
        [
            await StartAgent("edge-osaka", new GeoPoint(34.69, 135.50)),
            await StartAgent("edge-kobe", new GeoPoint(34.69, 135.19)),
            await StartAgent("edge-kyoto", new GeoPoint(35.01, 135.77)),
        ];
        long version = await Deploy("echo", "realtime", sites: 3, minReplicas: 1);
        await Until(() => kansai.All(a => a.Live.PlanVersion >= version));
        using HttpClient admin = Admin();
        string[] placed = [.. (await admin.GetFromJsonAsync<JsonElement>("v1/functions/echo", Cancel)).GetProperty("replicas").EnumerateArray().Select(r => r.GetString()!)];
        ControlledAgent entry = kansai.FirstOrDefault(a => !placed.Contains(a.Live.Current.Federation.Self.Id))
            ?? throw new InvalidOperationException($"placement put a replica on every site ({string.Join(", ", placed)}): nothing to show");

        // Clients keep entering there (a few requests a second, forwarded to a replica) until the plan brings one.
        await Until(async () =>
        {
            for (int i = 0; i < 5; i++)
            {
                await Invoke(entry, "hello", new GeoPoint(34.70, 135.49), deadlineMs: 1000);
            }
            return entry.Live.Current.Local.Hosts("echo");
        });

        string id = entry.Live.Current.Federation.Self.Id;
        JsonElement function = await admin.GetFromJsonAsync<JsonElement>("v1/functions/echo", Cancel);
        Assert.Contains(id, function.GetProperty("replicas").EnumerateArray().Select(r => r.GetString()));
        JsonElement site = await admin.GetFromJsonAsync<JsonElement>($"v1/sites/{id}", Cancel);
        Assert.True(site.GetProperty("ingress_rps").GetProperty("echo").GetDouble() >= 1, site.ToString());
        Assert.Equal("served here", await Invoke(entry, "served here", new GeoPoint(34.70, 135.49)));
    }

    [Fact]
    public async Task AnAgentWithNoPlanYet_Answers503ToRetry_NotANotFound()
    {
        ControlledAgent agent = await StartAgent("edge-sendai", new GeoPoint(38.27, 140.87));
        using var http = new HttpClient();

        using HttpResponseMessage response = await http.PostAsync($"http://127.0.0.1:{agent.Port}/v1/invoke/echo", new StringContent("hi"), Cancel);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("1", response.Headers.RetryAfter?.ToString());
        Assert.Contains("\"no_plan\"", await response.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WithAWrongToken_FailsNamingTheToken()
    {
        ControlledAgentStart start = await ControlledAgent.StartAsync(Options("edge-x", new GeoPoint(35, 139), token: "bsn_join_wrong"));

        Assert.Null(start.Agent);
        Assert.Equal("--token", start.Field);
        Assert.Contains("refused the token", start.Error, StringComparison.Ordinal);
    }

    private async Task<ControlledAgent> StartAgent(string id, GeoPoint location, Uri? controlUrl = null)
    {
        ControlledAgentStart start = await ControlledAgent.StartAsync(Options(id, location, controlUrl: controlUrl));
        Assert.True(start.Agent is not null, $"{start.Field}: {start.Error}");
        _agents.Add(start.Agent);
        return start.Agent;
    }

    private ControlledAgentOptions Options(string id, GeoPoint location, string? token = null, Uri? controlUrl = null)
    {
        int port = LoopbackPorts.Free();
        return new ControlledAgentOptions
        {
            ControlUrl = controlUrl ?? _server!.ApiUri,
            Token = token ?? File.ReadAllText(Path.Combine(_data.FullName, "cp", ControlPlaneServer.JoinTokenFile)).Trim(),
            Site = new Site(id, id, location, SiteTier.Edge, "JP", new FailureDomains(id, id), new SiteCapacity(2, 8),
                new EnergyProfile(10, 24, 1.6, 450), Endpoint: new Uri($"http://127.0.0.1:{port}")),
            Port = port,
            DataDirectory = Path.Combine(_data.FullName, id),
        };
    }

    /// <summary>
    /// Uploads the echo module and deploys it (interactive, on both of two sites, by default) once
    /// <paramref name="sites"/> sites are healthy; returns the plan version that places it.
    /// </summary>
    private async Task<long> Deploy(string name, string latencyClass = "interactive", int sites = 2, int minReplicas = 2)
    {
        using HttpClient admin = Admin();
        using var module = new ByteArrayContent(Wasmtime.Module.ConvertText(Bunsan.Executor.ExampleFunctions.Echo));
        using HttpResponseMessage uploaded = await admin.PostAsync("v1/modules", module, Cancel);
        string digest = (await uploaded.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("digest").GetString()!;
        await Until(async () => (await admin.GetFromJsonAsync<JsonElement>("v1/sites", Cancel)).EnumerateArray().Count(s => s.GetProperty("health").GetString() == "healthy") == sites);
        using HttpResponseMessage deployed = await admin.PutAsJsonAsync($"v1/functions/{name}", new { module_digest = digest, @class = latencyClass, min_replicas = minReplicas }, Cancel);
        JsonElement view = await deployed.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.True(view.GetProperty("replicas").GetArrayLength() >= minReplicas, view.ToString());
        return view.GetProperty("plan_version").GetInt64();
    }

    private HttpClient Admin()
    {
        var admin = new HttpClient { BaseAddress = _server!.ApiUri };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", File.ReadAllText(_server.AdminTokenPath).Trim());
        return admin;
    }

    private static async Task<string> Invoke(ControlledAgent agent, string body, GeoPoint origin, double? deadlineMs = null)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{agent.Port}/v1/invoke/echo")
        {
            Content = new StringContent(body, Encoding.UTF8),
        };
        request.Headers.Add("Bunsan-Origin", origin.ToString());
        if (deadlineMs is { } ms)
        {
            // A loose budget: on a busy test machine a forward can take longer than a realtime class allows.
            request.Headers.Add("Bunsan-Deadline-Ms", ms.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        using HttpResponseMessage response = await http.SendAsync(request, Cancel);
        string text = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return text;
    }

    private static Task Until(Func<bool> condition) => Until(() => Task.FromResult(condition()));

    private static async Task Until(Func<Task<bool>> condition)
    {
        DateTime deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the federation did not settle within the patience allowed");
            await Task.Delay(100, Cancel);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (ControlledAgent agent in _agents)
        {
            await agent.DisposeAsync();
        }
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
        try
        {
            _data.Delete(recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
