using System.Diagnostics;
using System.Globalization;
using System.Net;
using Bunsan.Core.Geo;
using Bunsan.Placement.Routing;
using Microsoft.AspNetCore.Http;

namespace Bunsan.Agent;

public sealed partial class Gateway
{
    /// <summary>
    /// A client's request. The budget counts until the answer is back at the origin, so the gateway reserves the
    /// answer's last leg (gateway → origin, modelled) up front; each forward then carries what is left minus the
    /// link's one-way latency, and the executing site reserves its own leg back to this gateway.
    /// </summary>
    private async Task RouteAsync(HttpContext http, FunctionRoute function, InvocationInput input, double budgetMs, GeoPoint? origin, long receivedAt)
    {
        int self = Federation.SelfIndex;
        GeoPoint from = origin ?? Federation.Self.Location;
        double originLegMs = origin is { } o ? Federation.Latency.RttMs(o, Federation.Self.Location) / 2 : 0;
        RoutingTable table = function.TableFor(from);
        Span<int> buffer = stackalloc int[MaxCandidates];
        int count;
        var random = new RouterRandom((ulong)Random.Shared.NextInt64());
        double? liveWaitMs = local.Hosts(function.Name) ? local.Cores.PredictWaitMs(function.Spec.Resources.Cores, AdmittedBudget(budgetMs - originLegMs)) : null;
        lock (_estimatesLock)
        {
            if (liveWaitMs is { } wait)
            {
                _estimates.ObserveLiveQueue(self, wait);
            }
            // The table's RTTs run from the origin, but the budget arrives net of the leg the request already
            // travelled (each hop subtracts the link it is about to add): give that leg back, or every candidate is
            // charged it twice (measured in `bunsan demo`: far origins refused "even when idle" that the nearest
            // replica answered in time).
            count = _mode.Policy.Route(new RoutingQuery(table, 0, budgetMs + originLegMs, function.ExpectedExecMs, _estimates), ref random, buffer);
        }
        _suspects.Demote(buffer[..count]);
        int[] candidates = buffer[..count].ToArray();
        var tried = new List<TriedSite>(count);
        foreach (int site in candidates)
        {
            double leftMs = budgetMs - originLegMs - Stopwatch.GetElapsedTime(receivedAt).TotalMilliseconds;
            bool answered = site == self
                ? await TryLocalAsync(http, function, input, leftMs, tried).ConfigureAwait(false)
                : await TryPeerAsync(http, function, input, site, leftMs, tried).ConfigureAwait(false);
            if (answered)
            {
                return;
            }
        }
        string reason = count == 0
            ? string.Create(CultureInfo.InvariantCulture,
                $"no replica of {function.Name} can answer from {from} within {budgetMs:0.###} ms even when idle (expected execution {function.ExpectedExecMs:0.###} ms plus the network)")
            : string.Create(CultureInfo.InvariantCulture,
                $"no replica of {function.Name} could answer within {budgetMs:0.###} ms: {tried.Count} site(s) tried, each refused or out of reach");
        await InvocationResponses.WriteErrorAsync(http.Response, StatusCodes.Status503ServiceUnavailable, "deadline", reason, SelfId, tried).ConfigureAwait(false);
    }

    private async Task<bool> TryLocalAsync(HttpContext http, FunctionRoute function, InvocationInput input, double leftMs, List<TriedSite> tried)
    {
        int self = Federation.SelfIndex;
        if (!local.Hosts(function.Name))
        {
            tried.Add(new TriedSite(SelfId, "module: this site does not host the function"));
            return false;
        }
        LocalOutcome outcome = await local.RunAsync(function, input, AdmittedBudget(leftMs), http.RequestAborted).ConfigureAwait(false);
        lock (_estimatesLock)
        {
            if (outcome.Admitted)
            {
                _estimates.ObserveResponse(self, outcome.QueueMs, outcome.ExecMs, function.ExpectedExecMs);
            }
            else
            {
                _estimates.ObserveRejection(self, outcome.Verdict.PredictedQueueWaitMs);
            }
        }
        if (!outcome.Admitted)
        {
            tried.Add(new TriedSite(SelfId, AdmissionReason(outcome, leftMs)));
            return false;
        }
        if (InvocationResponses.IsRetryable(outcome.Result.Status))
        {
            tried.Add(new TriedSite(SelfId, outcome.Result.Error ?? outcome.Result.Status.ToString()));
            return false;
        }
        await WriteExecutedAsync(http.Response, outcome).ConfigureAwait(false);
        return true;
    }

    /// <summary>One forward to a peer; true when its answer (success or a final failure) was relayed to the caller.</summary>
    private async Task<bool> TryPeerAsync(HttpContext http, FunctionRoute function, InvocationInput input, int site, double leftMs, List<TriedSite> tried)
    {
        string siteId = Federation.Topology.Sites[site].Id;
        double oneWayMs = Federation.OneWayMs(Federation.SelfIndex, site);
        double forwardBudgetMs = leftMs - oneWayMs;
        if (!peers.CanReach(site))
        {
            tried.Add(new TriedSite(siteId, "unreachable: the topology gives it no endpoint"));
            return false;
        }
        if (_mode.Admission && forwardBudgetMs - oneWayMs < function.ExpectedExecMs)
        {
            tried.Add(new TriedSite(siteId, string.Create(CultureInfo.InvariantCulture,
                $"skipped: {Math.Max(0, leftMs):0.#} ms left < round trip {2 * oneWayMs:0.#} ms + expected execution {function.ExpectedExecMs:0.#} ms")));
            return false;
        }
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        if (double.IsFinite(leftMs) && _mode.Admission)
        {
            // The answer is useless after the budget: stop waiting then, rather than answer late.
            deadline.CancelAfter(TimeSpan.FromMilliseconds(leftMs));
        }
        lock (_estimatesLock)
        {
            _estimates.RequestSent(site);
        }
        HttpResponseMessage? reply = null;
        long sentAt = Stopwatch.GetTimestamp();
        try
        {
            await linkDelay.DelayAsync(TimeSpan.FromMilliseconds(oneWayMs), deadline.Token).ConfigureAwait(false);
            reply = await peers.ForwardAsync(site, function.Name, input, forwardBudgetMs, deadline.Token).ConfigureAwait(false);
            await linkDelay.DelayAsync(TimeSpan.FromMilliseconds(oneWayMs), deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!http.RequestAborted.IsCancellationRequested)
        {
            lock (_estimatesLock)
            {
                // Censored: the forward took at least this long, and the overhead is at least what is left of it.
                _estimates.ObserveForwardOverhead(site, Stopwatch.GetElapsedTime(sentAt).TotalMilliseconds - (2 * oneWayMs) - function.ExpectedExecMs);
            }
            tried.Add(new TriedSite(siteId, string.Create(CultureInfo.InvariantCulture, $"no answer within the {leftMs:0.#} ms left")));
            reply?.Dispose();
            return false;
        }
        catch (HttpRequestException e)
        {
            // Refused, reset, or the peer died mid-answer: a failed candidate; the next one is tried within the budget,
            // and the next requests try this one last until it answers again.
            _suspects.Failed(site);
            tried.Add(new TriedSite(siteId, "unreachable: " + e.Message));
            return false;
        }
        finally
        {
            lock (_estimatesLock)
            {
                _estimates.RequestAnswered(site);
            }
        }
        _suspects.Answered(site);
        using (reply)
        {
            double roundTripMs = Stopwatch.GetElapsedTime(sentAt).TotalMilliseconds;
            return await RelayAsync(http.Response, function, site, siteId, reply, roundTripMs - (2 * oneWayMs), tried).ConfigureAwait(false);
        }
    }

    /// <summary>Relays a peer's answer; <paramref name="beyondLinksMs"/> is the forward's round trip less the modelled links.</summary>
    private async Task<bool> RelayAsync(HttpResponse response, FunctionRoute function, int site, string siteId, HttpResponseMessage reply, double beyondLinksMs, List<TriedSite> tried)
    {
        double queueMs = HeaderMs(reply, ProtocolHeaders.QueueMs);
        double execMs = HeaderMs(reply, ProtocolHeaders.ExecMs);
        string? reject = reply.Headers.TryGetValues(ProtocolHeaders.Reject, out var values) ? values.FirstOrDefault() : null;
        byte[] body = await reply.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
        lock (_estimatesLock)
        {
            if (reject == "admission")
            {
                _estimates.ObserveRejection(site, queueMs);
                _estimates.ObserveForwardOverhead(site, beyondLinksMs);
            }
            else if (reply.Headers.Contains(ProtocolHeaders.ExecMs))
            {
                _estimates.ObserveResponse(site, queueMs, execMs, function.ExpectedExecMs);
                _estimates.ObserveForwardOverhead(site, beyondLinksMs - queueMs - execMs);
            }
        }
        if (reply.StatusCode == HttpStatusCode.ServiceUnavailable && reject is not null)
        {
            tried.Add(new TriedSite(siteId, ErrorReason(body) ?? reject));
            return false;
        }
        response.StatusCode = (int)reply.StatusCode;
        foreach (string header in (ReadOnlySpan<string>)[ProtocolHeaders.Site, ProtocolHeaders.QueueMs, ProtocolHeaders.ExecMs, ProtocolHeaders.PeerProtocol])
        {
            if (reply.Headers.TryGetValues(header, out var value))
            {
                response.Headers[header] = value.FirstOrDefault();
            }
        }
        response.ContentType = reply.Content.Headers.ContentType?.ToString();
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body).ConfigureAwait(false);
        return true;
    }

    private static double HeaderMs(HttpResponseMessage reply, string header) =>
        reply.Headers.TryGetValues(header, out var values)
        && double.TryParse(values.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out double ms)
        && double.IsFinite(ms) && ms >= 0 ? ms : 0;

    /// <summary>The "reason" of a peer's JSON error, for the caller's "tried" list.</summary>
    private static string? ErrorReason(byte[] body)
    {
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("reason", out var reason) ? reason.GetString() : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
