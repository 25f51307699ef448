using Microsoft.AspNetCore.Http;

namespace Bunsan.Agent;

public sealed partial class Gateway
{
    /// <summary>The warm-up's budget: enough for a cold path, and a bound on start-up should a peer hang.</summary>
    private const double WarmUpBudgetMs = 2_000;

    /// <summary>
    /// Throwaway invocations that JIT-compile the gateway's request path, meant for a gateway built only for this and
    /// then dropped, so the cold timings it observes never reach a serving gateway's <c>SiteLoadEstimates</c>. Measured
    /// without it: the first request after start spent ~75 ms before its first forward and missed a 100 ms budget.
    /// <list type="number">
    /// <item>The whole request path with a budget no site can meet: headers (an origin too), body, routing, the deadline error.</item>
    /// <item>This site's executor behind admission, with the cheapest function hosted here, on an empty input.</item>
    /// <item>One forward to <paramref name="peer"/> (when given) with the cheapest function it hosts, on an empty input:
    /// that peer really runs it once, as a client's invocation would; no estimate anywhere learns from it.</item>
    /// </list>
    /// </summary>
    internal async Task WarmUpAsync(int? peer, CancellationToken cancellationToken)
    {
        FunctionRoute? any = Cheapest(_ => true);
        if (any is null)
        {
            return;
        }
        HttpContext unreachable = Throwaway(cancellationToken);
        unreachable.Request.RouteValues["function"] = any.Name;
        unreachable.Request.Headers[ProtocolHeaders.DeadlineMs] = "0.001";
        unreachable.Request.Headers[ProtocolHeaders.Origin] = Federation.Self.Location.ToString();
        await InvokeAsync(unreachable).ConfigureAwait(false);
        var tried = new List<TriedSite>();
        if (Cheapest(f => local.Hosts(f.Name)) is { } hosted)
        {
            await TryLocalAsync(Throwaway(cancellationToken), hosted, default, Math.Min(hosted.DefaultBudgetMs, WarmUpBudgetMs), tried).ConfigureAwait(false);
        }
        if (peer is int site && Cheapest(f => f.IsReplica(site)) is { } forwarded)
        {
            await TryPeerAsync(Throwaway(cancellationToken), forwarded, default, site, Math.Min(forwarded.DefaultBudgetMs, WarmUpBudgetMs), tried).ConfigureAwait(false);
        }
    }

    private FunctionRoute? Cheapest(Func<FunctionRoute, bool> where) =>
        Federation.Functions.Values.Where(where).OrderBy(f => f.ExpectedExecMs).ThenBy(f => f.Name, StringComparer.Ordinal).FirstOrDefault();

    private static DefaultHttpContext Throwaway(CancellationToken cancellationToken)
    {
        var http = new DefaultHttpContext { RequestAborted = cancellationToken };
        http.Request.Method = HttpMethods.Post;
        http.Request.Body = Stream.Null;
        http.Request.ContentLength = 0;
        http.Response.Body = Stream.Null;
        return http;
    }
}
