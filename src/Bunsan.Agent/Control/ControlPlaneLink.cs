using Bunsan.Core.Sites;
using System.Net.Http.Headers;
using System.Text.Json;
using Bunsan.Protocol;
using Bunsan.Protocol.Trust;
using Bunsan.Protocol.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace Bunsan.Agent.Control;

/// <summary>How a join attempt ended: joined, the control plane unreachable (try again), or refused (a configuration error).</summary>
public sealed record JoinOutcome(bool Joined, string? Field, string? Error)
{
    public static JoinOutcome Success { get; } = new(true, null, null);

    public bool Refused => Field is not null;
}

/// <summary>
/// The agent's side of the control plane: finds the gRPC agent service (GET /v1/info), registers the site, then
/// heartbeats its load every interval and applies every desired state pushed on Watch. Losing the control plane
/// never stops the agent: it keeps serving its last plan and reconnects with backoff, re-registering when the
/// control plane no longer knows the site.
/// </summary>
public sealed class ControlPlaneLink(
    ControlledAgentOptions options, Func<DesiredState, CancellationToken, Task> apply, Func<(double Utilisation, double QueueMs)> load,
    IngressMeter? ingress = null, string dataSecret = "", AgentTls? tls = null)
    : IDisposable
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);

    private readonly JoinToken _token = JoinToken.Parse(options.Token);

    /// <summary>Production mode (the join token pins a CA): the agent's certificates, owned by the agent.</summary>
    private readonly AgentTls? _tls = tls;
    private HttpClient? _http;
    private GrpcChannel? _channel;
    private AgentControl.AgentControlClient? _client;

    private Metadata Auth => new() { { "authorization", "Bearer " + _token.Bearer } };

    /// <summary>What is wrong with the control URL, token and site together (a pinned CA needs https everywhere, https needs a pin); null when they agree.</summary>
    public static (string Field, string Error)? ModeProblem(Uri controlUrl, string token, Site site)
    {
        ArgumentNullException.ThrowIfNull(controlUrl);
        ArgumentNullException.ThrowIfNull(site);
        bool pinned = JoinToken.Parse(token).CaFingerprint is not null;
        bool https = controlUrl.Scheme == Uri.UriSchemeHttps;
        if (pinned && site.Endpoint is { } endpoint && endpoint.Scheme != Uri.UriSchemeHttps)
        {
            return ("--advertise", $"is {endpoint}, but in production mode peers and the control plane reach this agent over TLS only: use https://");
        }
        return (pinned, https) switch
        {
            (true, false) => ("--control", $"is {controlUrl}, but the join token pins a federation CA (production mode): use https://"),
            (false, true) => ("--token", "carries no CA fingerprint, so an https control plane cannot be trusted: use the join.token of a control plane started with --tls (it ends in ~FINGERPRINT)"),
            _ => null,
        };
    }

    /// <summary>One attempt to reach the control plane and register.</summary>
    public async Task<JoinOutcome> TryJoinAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (_tls is not null
                && await _tls.EnsureAsync(options.ControlUrl, _token.Bearer, options.Site.Id, TimeProvider.System.GetUtcNow(), cancellationToken).ConfigureAwait(false) is var (field, error))
            {
                return new JoinOutcome(false, field, error);
            }
            _client ??= await ConnectAsync(cancellationToken).ConfigureAwait(false);
            if (_client is null)
            {
                return new JoinOutcome(false, "--token", "the control plane refused the token: use the join token from its data directory (join.token)");
            }
            await _client.RegisterAsync(new RegisterRequest { Site = SiteMessages.ToMessage(options.Site), DataSecret = dataSecret }, Auth, cancellationToken: cancellationToken);
            return JoinOutcome.Success;
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.InvalidArgument)
        {
            return new JoinOutcome(false, "--name", "the control plane refused this site: " + e.Status.Detail);
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.Unauthenticated or StatusCode.PermissionDenied)
        {
            return new JoinOutcome(false, "--token", "the control plane refused the token: " + e.Status.Detail);
        }
        catch (Exception e) when (e is RpcException or HttpRequestException or JsonException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new JoinOutcome(false, null, e.Message);
        }
    }

    /// <summary>Heartbeats and watches until stopped, rejoining whenever the control plane comes back.</summary>
    public async Task RunAsync(bool joined, CancellationToken stopping)
    {
        TimeSpan backoff = TimeSpan.FromMilliseconds(250);
        bool lost = false;
        while (!stopping.IsCancellationRequested)
        {
            if (!joined)
            {
                JoinOutcome outcome = await TryJoinAsync(stopping).ConfigureAwait(false);
                joined = outcome.Joined;
                if (!joined)
                {
                    if (!lost)
                    {
                        options.Log($"control plane at {options.ControlUrl} unreachable ({outcome.Error}); serving the last plan, retrying");
                        lost = true;
                    }
                    await Task.Delay(backoff, stopping).ConfigureAwait(false);
                    backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
                    continue;
                }
                options.Log(lost ? "control plane reachable again: site registered" : $"joined the federation at {options.ControlUrl} as {options.Site.Id}");
                lost = false;
                backoff = TimeSpan.FromMilliseconds(250);
            }
            using var session = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            Task beats = HeartbeatAsync(session.Token);
            Task watch = WatchAsync(session.Token);
            await Task.WhenAny(beats, watch).ConfigureAwait(false);
            await session.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(Quietly(beats), Quietly(watch)).ConfigureAwait(false);
            joined = false;
        }
    }

    private async Task HeartbeatAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.HeartbeatInterval);
        do
        {
            (double utilisation, double queueMs) = load();
            var beat = new HeartbeatRequest { SiteId = options.Site.Id, Utilisation = utilisation, QueueMs = queueMs };
            if (ingress is not null)
            {
                beat.Ingress.AddRange(ingress.Read().Select(rate => new FunctionIngress { Function = rate.Function, Rps = rate.Rps }));
            }
            await _client!.HeartbeatAsync(beat, Auth, cancellationToken: cancellationToken);
        }
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
    }

    private async Task WatchAsync(CancellationToken cancellationToken)
    {
        using AsyncServerStreamingCall<DesiredState> call = _client!.Watch(new WatchRequest { SiteId = options.Site.Id }, Auth, cancellationToken: cancellationToken);
        while (await call.ResponseStream.MoveNext(cancellationToken).ConfigureAwait(false))
        {
            await apply(call.ResponseStream.Current, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A module's bytes from the control plane, or null when it has none or cannot be reached.</summary>
    public async Task<byte[]?> FetchModuleAsync(string digest, CancellationToken cancellationToken)
    {
        if (_client is null)
        {
            return null;
        }
        try
        {
            GetModuleReply reply = await _client.GetModuleAsync(new GetModuleRequest { Digest = digest }, Auth, cancellationToken: cancellationToken);
            return reply.Content.ToByteArray();
        }
        catch (RpcException e)
        {
            options.Log($"module {digest} not fetched: {e.Status.Detail}");
            return null;
        }
    }

    /// <summary>The agent service's address from GET /v1/info; null when the token is refused.</summary>
    private async Task<AgentControl.AgentControlClient?> ConnectAsync(CancellationToken cancellationToken)
    {
        _http ??= CreateHttp();
        using HttpResponseMessage info = await _http.GetAsync("v1/info", cancellationToken).ConfigureAwait(false);
        if (info.StatusCode is System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.Forbidden)
        {
            return null;
        }
        info.EnsureSuccessStatusCode();
        using JsonDocument json = JsonDocument.Parse(await info.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        var endpoint = new Uri(json.RootElement.GetProperty("agent_endpoint").GetString()!);
        // The channel's own reconnect backoff defaults to growing up to 120 s: after a long control-plane outage the
        // agent found it up again only ~40 s later (measured: `bunsan chaos --scenario control-plane-down`, 60 s out).
        // Cap it at the link's own retry interval, so an agent rejoins within seconds of the control plane's return.
        _channel = GrpcChannel.ForAddress(endpoint, new GrpcChannelOptions
        {
            InitialReconnectBackoff = TimeSpan.FromMilliseconds(250),
            MaxReconnectBackoff = MaxBackoff,
            HttpHandler = _tls?.CreateHandler(clientCertificate: true),
        });
        return new AgentControl.AgentControlClient(_channel);
    }

    private HttpClient CreateHttp()
    {
        HttpClient http = _tls is null ? new HttpClient() : new HttpClient(_tls.CreateHandler(clientCertificate: false));
        http.BaseAddress = options.ControlUrl;
        http.Timeout = TimeSpan.FromSeconds(10);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _token.Bearer);
        return http;
    }

    private static async Task Quietly(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception e) when (e is RpcException or OperationCanceledException or HttpRequestException or IOException)
        {
            // The session ended (control plane gone, or stopping); the loop decides what comes next.
        }
    }

    public void Dispose()
    {
        _channel?.Dispose();
        _http?.Dispose();
    }
}
