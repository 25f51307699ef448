using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Bunsan.Emulation.Load;

/// <summary>
/// Drives real HTTP load: every planned request is sent at its time (open loop: answers never hold back later
/// sends) to its origin's nearest agent as <c>POST /v1/invoke/{function}</c> with <c>Bunsan-Deadline-Ms</c> and
/// <c>Bunsan-Origin</c>, and its answer is recorded end to end. With <see cref="LoadGeneratorOptions.EmulateWan"/>
/// the origin → gateway leg and the reply leg each wait the modelled one-way latency on the delay line.
/// </summary>
public sealed class LoadGenerator
{
    private const string DeadlineHeader = "Bunsan-Deadline-Ms";
    private const string OriginHeader = "Bunsan-Origin";
    private const string SiteHeader = "Bunsan-Site";
    private const int MaxReasonLength = 400;
    private const string QueueHeader = "Bunsan-Queue-Ms";
    private const string ExecHeader = "Bunsan-Exec-Ms";
    private const string EmulatedExecHeader = "Bunsan-Emulated-Exec-Ms";

    private readonly HttpClient _http;
    private readonly LoadGeneratorOptions _options;
    private readonly DelayLine _line;
    private int _inFlight;

    /// <summary>When each gateway last refused a connection (Stopwatch ticks; 0: never), for <see cref="LoadGeneratorOptions.GatewayFailover"/>.</summary>
    private long[] _refusedAt = [];

    /// <param name="http">Shared by every request; <see cref="CreateHttpClient"/> makes a suitable one.</param>
    public LoadGenerator(HttpClient http, LoadGeneratorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        _http = http;
        _options = options ?? new LoadGeneratorOptions();
        _options.Validate();
        _line = _options.DelayLine ?? DelayLine.Shared;
    }

    /// <summary>
    /// One pooled client for a whole run: HTTP/1.1 keep-alive, as devices speak to a gateway; no proxy, no cookies,
    /// and no client-wide timeout (each request has its own, <see cref="LoadGeneratorOptions.RequestTimeout"/>).
    /// </summary>
    public static HttpClient CreateHttpClient() => new(new SocketsHttpHandler
    {
        UseProxy = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    /// <summary>Sends the whole plan (it takes the plan's duration in real time) and summarises what came back.</summary>
    public async Task<LoadReport> RunAsync(LoadPlan plan, double durationMinutes, CancellationToken ct = default)
    {
        RequestOutcome[] outcomes = await SendAllAsync(plan, ct).ConfigureAwait(false);
        return Summarise(plan, outcomes, durationMinutes);
    }

    /// <summary>The report of the requests of <paramref name="plan"/> that <paramref name="include"/> keeps (a window of a run), with their outcomes.</summary>
    public LoadReport Summarise(LoadPlan plan, RequestOutcome[] outcomes, double durationMinutes, Func<PlannedRequest, bool>? include = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(outcomes);
        if (include is null)
        {
            return LoadSummary.Summarise(plan, outcomes, durationMinutes, _options);
        }
        int[] kept = [.. Enumerable.Range(0, plan.Requests.Length).Where(i => include(plan.Requests[i]))];
        return LoadSummary.Summarise(plan.WithRequests([.. kept.Select(i => plan.Requests[i])]), [.. kept.Select(i => outcomes[i])], durationMinutes, _options);
    }

    /// <summary>Sends the whole plan at its times and returns each request's outcome, aligned with <see cref="LoadPlan.Requests"/>.</summary>
    public async Task<RequestOutcome[]> SendAllAsync(LoadPlan plan, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        Uri[,] targets = Targets(plan);
        _refusedAt = new long[plan.Gateways.Length];
        string[] origins = new string[plan.Scenario.Origins.Count];
        var outcomes = new RequestOutcome[plan.Requests.Length];
        var sends = new List<Task>();
        await WarmUpAsync(plan, ct).ConfigureAwait(false);
        long start = Stopwatch.GetTimestamp();
        try
        {
            for (int i = 0; i < plan.Requests.Length; i++)
            {
                PlannedRequest request = plan.Requests[i];
                double waitMs = request.TimeMs - Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                if (waitMs > 0)
                {
                    await _line.DelayAsync(TimeSpan.FromMilliseconds(waitMs), ct).ConfigureAwait(false);
                }
                if (Volatile.Read(ref _inFlight) >= _options.MaxInFlight)
                {
                    outcomes[i] = new RequestOutcome(RequestOutcomeKind.ClientOverloaded);
                    continue;
                }
                Interlocked.Increment(ref _inFlight);
                origins[request.Origin] ??= OriginText(plan, request.Origin);
                long issued = start + (long)(request.TimeMs * Stopwatch.Frequency / 1000);
                sends.Add(SendAsync(plan, request, targets, origins[request.Origin], issued, outcomes, i, ct));
            }
        }
        finally
        {
            await Task.WhenAll(sends).ConfigureAwait(false);
        }
        return outcomes;
    }

    /// <summary>
    /// One GET per gateway before the clock starts, answer ignored (an agent's /v1/health, or any status): opens a
    /// pooled connection to each and compiles the send path. Without it the first requests of a run went out over
    /// 10 ms late on a busy machine (12–20 of 641 realtime requests expired in the runs in README.md), charging the
    /// federation for what the client did.
    /// </summary>
    private async Task WarmUpAsync(LoadPlan plan, CancellationToken ct)
    {
        await Task.WhenAll(plan.Gateways.Select(async gateway =>
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(_options.RequestTimeout);
            try
            {
                using HttpResponseMessage _ = await _http.GetAsync(new Uri(gateway.Endpoint!, "/v1/health"), timeout.Token).ConfigureAwait(false);
            }
            catch (HttpRequestException)
            {
                // An agent that is down now is counted by the run itself, request by request.
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                // Likewise: a hung agent shows up as the run's timeouts.
            }
        })).ConfigureAwait(false);
    }

    private async Task SendAsync(LoadPlan plan, PlannedRequest request, Uri[,] targets, string origin, long issued,
        RequestOutcome[] outcomes, int index, CancellationToken ct)
    {
        try
        {
            outcomes[index] = await InvokeAsync(plan, request, targets, origin, issued, ct).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    /// <summary>Sends one request to its gateway and, when <see cref="LoadGeneratorOptions.GatewayFailover"/> is on and the gateway is down, to the next ones.</summary>
    private async Task<RequestOutcome> InvokeAsync(LoadPlan plan, PlannedRequest request, Uri[,] targets, string origin, long issued, CancellationToken ct)
    {
        // Like a client library, skip gateways that refused someone lately rather than rediscover each failure.
        List<int> failed = _options.GatewayFailover ? RecentlyRefused() : [];
        (int Gateway, double LegMs)? next = failed.Contains(request.Gateway) ? plan.NextGateway(request.Origin, failed) : (request.Gateway, request.OriginLegMs);
        next ??= (request.Gateway, request.OriginLegMs);
        int attempts = 0;
        RequestOutcome outcome;
        do
        {
            (int gateway, double legMs) = next.Value;
            outcome = await InvokeAtAsync(plan, request, targets[gateway, request.Function], legMs, origin, issued, ct).ConfigureAwait(false);
            if (outcome is not { Kind: RequestOutcomeKind.Failed, Error: ConnectionError } || !_options.GatewayFailover)
            {
                return outcome;
            }
            Volatile.Write(ref _refusedAt[gateway], Stopwatch.GetTimestamp());
            // The refusal came back over the same leg before the client could turn elsewhere.
            await _line.DelayAsync(Leg(legMs), ct).ConfigureAwait(false);
            failed.Add(gateway);
            next = ++attempts < LoadGeneratorOptions.MaxGatewayAttempts ? plan.NextGateway(request.Origin, failed) : null;
        }
        while (next is not null);
        return outcome;
    }

    private List<int> RecentlyRefused()
    {
        var refused = new List<int>();
        for (int g = 0; g < _refusedAt.Length; g++)
        {
            long at = Volatile.Read(ref _refusedAt[g]);
            if (at != 0 && Stopwatch.GetElapsedTime(at) < LoadGeneratorOptions.RefusalMemory)
            {
                refused.Add(g);
            }
        }
        return refused;
    }

    private const string ConnectionError = "connection";

    private TimeSpan Leg(double legMs) => _options.EmulateWan ? TimeSpan.FromMilliseconds(legMs) : TimeSpan.Zero;

    private async Task<RequestOutcome> InvokeAtAsync(LoadPlan plan, PlannedRequest request, Uri target, double legMs, string origin, long issued, CancellationToken ct)
    {
        TimeSpan leg = Leg(legMs);
        await _line.DelayAsync(leg, ct).ConfigureAwait(false);

        double budgetMs = plan.Scenario.ClassBudgetsMs[plan.Scenario.FunctionClass[request.Function]];
        using var message = new HttpRequestMessage(HttpMethod.Post, target) { Content = new ReadOnlyMemoryContent(_options.Body) };
        if (double.IsFinite(budgetMs))
        {
            // The budget travels as what is left (DESIGN.md, "Request protocol"): minus the origin leg and any send lateness.
            double remainingMs = budgetMs - Stopwatch.GetElapsedTime(issued).TotalMilliseconds;
            if (remainingMs <= 0)
            {
                return new RequestOutcome(RequestOutcomeKind.Expired);
            }
            message.Headers.TryAddWithoutValidation(DeadlineHeader, remainingMs.ToString("0.###", CultureInfo.InvariantCulture));
        }
        message.Headers.TryAddWithoutValidation(OriginHeader, origin);
        if (_options.SendExecTime)
        {
            message.Headers.TryAddWithoutValidation(EmulatedExecHeader, request.ExecMs.ToString("0.###", CultureInfo.InvariantCulture));
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_options.RequestTimeout);
        HttpStatusCode status;
        string? site, reason = null;
        double? queueMs, execMs;
        try
        {
            using HttpResponseMessage response = await _http.SendAsync(message, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
            status = response.StatusCode;
            site = Header(response, SiteHeader);
            queueMs = HeaderMs(response, QueueHeader);
            execMs = HeaderMs(response, ExecHeader);
            if (status == HttpStatusCode.ServiceUnavailable)
            {
                reason = await ReasonAsync(response, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (HttpRequestException)
        {
            return new RequestOutcome(RequestOutcomeKind.Failed, Error: ConnectionError);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new RequestOutcome(RequestOutcomeKind.Failed, Error: "timeout");
        }

        await _line.DelayAsync(leg, ct).ConfigureAwait(false);
        double latencyMs = Stopwatch.GetElapsedTime(issued).TotalMilliseconds;
        return (int)status switch
        {
            >= 200 and < 300 => new RequestOutcome(RequestOutcomeKind.Answered, latencyMs, site, QueueMs: queueMs, ExecMs: execMs),
            503 => new RequestOutcome(RequestOutcomeKind.Rejected, latencyMs, site, reason),
            int code => new RequestOutcome(RequestOutcomeKind.Failed, latencyMs, site, string.Create(CultureInfo.InvariantCulture, $"http_{code}")),
        };
    }

    /// <summary>A refusal's "reason" and the sites it tried (the deadline error's body), shortened; null when the body is not one.</summary>
    private static async Task<string?> ReasonAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            using JsonDocument body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false));
            string text = body.RootElement.TryGetProperty("reason", out JsonElement reason) ? reason.GetString() ?? "" : "";
            if (body.RootElement.TryGetProperty("tried", out JsonElement tried) && tried.ValueKind == JsonValueKind.Array)
            {
                text += " | " + string.Join("; ", tried.EnumerateArray().Select(t => t.ToString()));
            }
            return text.Length <= MaxReasonLength ? text : text[..MaxReasonLength];
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    /// <summary>A site-reported duration; null when absent or not a number (the run's figures never depend on it).</summary>
    private static double? HeaderMs(HttpResponseMessage response, string name) =>
        double.TryParse(Header(response, name), NumberStyles.Float, CultureInfo.InvariantCulture, out double ms) && double.IsFinite(ms) ? ms : null;

    private static Uri[,] Targets(LoadPlan plan)
    {
        var targets = new Uri[plan.Gateways.Length, plan.Functions.Length];
        for (int g = 0; g < plan.Gateways.Length; g++)
        {
            for (int f = 0; f < plan.Functions.Length; f++)
            {
                targets[g, f] = new Uri(plan.Gateways[g].Endpoint!, "/v1/invoke/" + Uri.EscapeDataString(plan.Functions[f].Name));
            }
        }
        return targets;
    }

    private static string OriginText(LoadPlan plan, int origin)
    {
        var point = plan.OriginLocation(origin);
        return string.Create(CultureInfo.InvariantCulture, $"{point.Latitude:0.######},{point.Longitude:0.######}");
    }
}
