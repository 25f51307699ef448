using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using Bunsan.Core.Geo;
using Bunsan.Core.Sites;
using Bunsan.Executor;
using Bunsan.Placement.Routing;
using Microsoft.AspNetCore.Http;

namespace Bunsan.Agent;

/// <summary>
/// <c>POST /v1/invoke/{function}</c>: reads the deadline protocol's headers, asks the deadline-aware router for
/// candidate sites, and tries them in order — this site's executor, or one forward to a peer — until one answers
/// or the budget cannot cover another attempt; then an explicit deadline error, never a silently late answer.
/// Every answer and refusal feeds <see cref="SiteLoadEstimates"/>, so routing follows load within one round trip.
/// A request another gateway forwarded (<see cref="ProtocolHeaders.ForwardedBy"/>) is executed here or refused, never forwarded again.
/// </summary>
public sealed partial class Gateway(
    Federation federation, LocalExecution local, PeerClients peers, ILinkDelay linkDelay, int maxBodyBytes, GatewayMode? mode = null, IngressMeter? ingress = null)
{
    /// <summary>Candidates per request: the two choices and fallbacks; more would only try sites the budget cannot reach.</summary>
    private const int MaxCandidates = 8;

    private readonly GatewayMode _mode = mode ?? GatewayMode.Bunsan;
    private readonly SiteLoadEstimates _estimates = new(federation.Topology.Sites.Length) { Self = federation.SelfIndex };
    private readonly Lock _estimatesLock = new();
    private readonly SuspectSites _suspects = new(federation.Topology.Sites.Length);

    public Federation Federation { get; } = federation;

    /// <summary>The executor behind admission (its cores and hosted modules).</summary>
    public LocalExecution Local => local;

    public GatewayMode Mode => _mode;

    private string SelfId => Federation.Self.Id;

    /// <summary>For each of <paramref name="next"/>'s sites, its index among <paramref name="previous"/>'s by id, or −1 when it is new.</summary>
    internal static int[] PreviousIndexOf(IReadOnlyList<Site> previous, IReadOnlyList<Site> next)
    {
        var index = new Dictionary<string, int>(previous.Count, StringComparer.Ordinal);
        for (int i = 0; i < previous.Count; i++)
        {
            index[previous[i].Id] = i;
        }
        return [.. next.Select(s => index.GetValueOrDefault(s.Id, -1))];
    }

    /// <summary>Starts from what <paramref name="previous"/> (the gateway of the last plan) learned about the sites both plans hold.</summary>
    public void CarryEstimatesFrom(Gateway previous)
    {
        ArgumentNullException.ThrowIfNull(previous);
        int[] indexOf = PreviousIndexOf(previous.Federation.Topology.Sites, Federation.Topology.Sites);
        lock (previous._estimatesLock)
        {
            lock (_estimatesLock)
            {
                _estimates.CarryOver(previous._estimates, indexOf);
            }
        }
    }

    public async Task InvokeAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        long receivedAt = Stopwatch.GetTimestamp();
        HttpRequest request = http.Request;
        string name = request.RouteValues["function"] as string ?? "";
        if (FunctionNameProblem(name) is { } nameProblem)
        {
            await InvocationResponses.WriteErrorAsync(http.Response, StatusCodes.Status400BadRequest, "bad_function_name", nameProblem, SelfId).ConfigureAwait(false);
            return;
        }
        if (Federation.Functions.Count == 0)
        {
            // A site with no plan yet (an agent starting, before its cached or first plan is applied) cannot tell an
            // unknown function from one it has not heard of: a 404 would make clients give up on a function that exists.
            http.Response.Headers.RetryAfter = "1";
            await InvocationResponses.WriteErrorAsync(http.Response, StatusCodes.Status503ServiceUnavailable, "no_plan",
                $"site {SelfId} has no plan yet (starting, or no function is deployed): retry, or send to another site", SelfId).ConfigureAwait(false);
            return;
        }
        if (!Federation.Functions.TryGetValue(name, out FunctionRoute? function))
        {
            await InvocationResponses.WriteErrorAsync(http.Response, StatusCodes.Status404NotFound, "unknown_function",
                $"no function '{name}' with a module in this federation's catalog: use one of {string.Join(", ", Federation.Functions.Keys.Order(StringComparer.Ordinal))}", SelfId).ConfigureAwait(false);
            return;
        }
        GeoPoint? origin = null;
        int gatewaySite = -1;
        double? emulatedExecMs = null;
        string? headerProblem = InvocationHeaders.ReadBudget(request, function.DefaultBudgetMs, out double budgetMs)
            ?? InvocationHeaders.ReadOrigin(request, out origin)
            ?? InvocationHeaders.ReadForwardedBy(request, Federation, out gatewaySite)
            ?? InvocationHeaders.ReadEmulatedExec(request, out emulatedExecMs);
        if (headerProblem is not null)
        {
            await InvocationResponses.WriteErrorAsync(http.Response, StatusCodes.Status400BadRequest, "bad_header", headerProblem, SelfId).ConfigureAwait(false);
            return;
        }
        (byte[]? buffer, int length) = await RequestBody.ReadAsync(request, maxBodyBytes, http.RequestAborted).ConfigureAwait(false);
        if (buffer is null)
        {
            await InvocationResponses.WriteErrorAsync(http.Response, StatusCodes.Status413PayloadTooLarge, "body_too_large",
                $"the body is over the {maxBodyBytes:N0}-byte limit: send a smaller input", SelfId).ConfigureAwait(false);
            return;
        }
        try
        {
            var input = new InvocationInput(new ReadOnlyMemory<byte>(buffer, 0, length), emulatedExecMs);
            if (gatewaySite >= 0)
            {
                await ExecuteForwardedAsync(http, function, input, budgetMs - Federation.OneWayMs(Federation.SelfIndex, gatewaySite)).ConfigureAwait(false);
            }
            else
            {
                ingress?.Count(function.Name);
                await RouteAsync(http, function, input, budgetMs, origin, receivedAt).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Function names are ids (letters, digits, '.', '-', '_'; at most 128): anything else is a path trick or a typo.</summary>
    internal static string? FunctionNameProblem(string name)
    {
        if (name.Length is 0 or > 128)
        {
            return $"the function name is {name.Length} characters long: use 1 to 128 letters, digits, '.', '-' or '_'";
        }
        foreach (char c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '-' or '_'))
            {
                return $"the function name has the character U+{(int)c:X4}: use only letters, digits, '.', '-' or '_'";
            }
        }
        return name is "." or ".." ? "the function name is a path segment, not a name: use letters, digits, '.', '-' or '_'" : null;
    }

    /// <summary>A forwarded request: this site's admission decides with the budget left after the answer's trip back.</summary>
    private async Task ExecuteForwardedAsync(HttpContext http, FunctionRoute function, InvocationInput input, double remainingMs)
    {
        HttpResponse response = http.Response;
        response.Headers[ProtocolHeaders.PeerProtocol] = http.Request.Protocol;
        if (!local.Hosts(function.Name))
        {
            response.Headers[ProtocolHeaders.Reject] = "module";
            await InvocationResponses.WriteErrorAsync(response, StatusCodes.Status503ServiceUnavailable, "module",
                $"site {SelfId} does not host {function.Name}: the forwarding gateway's placement disagrees with this one's", SelfId).ConfigureAwait(false);
            return;
        }
        LocalOutcome outcome = await local.RunAsync(function, input, AdmittedBudget(remainingMs), http.RequestAborted).ConfigureAwait(false);
        if (!outcome.Admitted)
        {
            response.Headers[ProtocolHeaders.Reject] = "admission";
            InvocationResponses.SetTimings(response, SelfId, outcome.QueueMs, 0);
            await InvocationResponses.WriteErrorAsync(response, StatusCodes.Status503ServiceUnavailable, "admission",
                AdmissionReason(outcome, remainingMs), SelfId).ConfigureAwait(false);
            return;
        }
        await WriteExecutedAsync(response, outcome).ConfigureAwait(false);
    }

    private async Task WriteExecutedAsync(HttpResponse response, LocalOutcome outcome)
    {
        InvocationResult result = outcome.Result;
        if (result.Succeeded)
        {
            await InvocationResponses.WriteOutputAsync(response, SelfId, outcome.QueueMs, outcome.ExecMs, result.Output).ConfigureAwait(false);
            return;
        }
        (int status, string error) = InvocationResponses.ForFailure(result.Status);
        InvocationResponses.SetTimings(response, SelfId, outcome.QueueMs, outcome.ExecMs);
        if (InvocationResponses.IsRetryable(result.Status))
        {
            response.Headers[ProtocolHeaders.Reject] = error;
        }
        await InvocationResponses.WriteErrorAsync(response, status, error, result.Error ?? error, SelfId).ConfigureAwait(false);
    }

    /// <summary>The budget admission judges against: the real one, or +∞ (always admitted) in a baseline mode without admission.</summary>
    private double AdmittedBudget(double remainingMs) => _mode.Admission ? remainingMs : double.PositiveInfinity;

    private static string AdmissionReason(LocalOutcome outcome, double remainingMs) =>
        double.IsPositiveInfinity(outcome.Verdict.PredictedQueueWaitMs)
            ? "the function needs more cores than this site lends to invocations"
            : string.Create(CultureInfo.InvariantCulture,
                $"admission: predicted wait {outcome.Verdict.PredictedQueueWaitMs:0.#} ms + execution {outcome.Verdict.PredictedCompletionMs - outcome.Verdict.PredictedQueueWaitMs:0.#} ms exceeds the {Math.Max(0, remainingMs):0.#} ms left");
}
