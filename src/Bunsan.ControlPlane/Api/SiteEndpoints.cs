using System.Collections.Immutable;
using Bunsan.ControlPlane.Ledger;
using Bunsan.ControlPlane.Sites;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bunsan.ControlPlane.Api;

/// <summary>`/v1/sites`: the registered sites with their health and last load. Sites join through the agent service (gRPC).</summary>
public static class SiteEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/sites", async (HttpContext http, LiveSiteTable sites) =>
        {
            (SitePageQuery? query, IReadOnlyList<string> errors) = SitePageQuery.Parse(http.Request.Query);
            if (query is null)
            {
                return ApiErrors.BadRequest(errors);
            }
            (IReadOnlyList<SiteStatus> page, bool more) = await sites.PageAsync(query.After, query.Limit ?? int.MaxValue);
            if (more && page.Count > 0)
            {
                http.Response.Headers.Link = $"<{http.Request.PathBase}{http.Request.Path}{query.NextQuery(page[^1].Site.Id)}>; rel=\"next\"";
            }
            return Results.Json(page.Select(SiteView.From).ToImmutableArray(), ApiJson.Options);
        }).WithSummary("The registered sites in id order, with health derived from their last heartbeats; ?limit=N&after=ID pages (a Link rel=\"next\" header gives the next page)");

        api.MapGet("/sites/{id}", async (string id, IGrainFactory grains) =>
            await grains.Site(id).GetStatus() is { } status
                ? Results.Json(SiteView.From(status), ApiJson.Options)
                : ApiErrors.NotFound($"no site '{id}' is registered: see GET /v1/sites"))
            .WithSummary("One site");

        api.MapDelete("/sites/{id}", async (string id, IGrainFactory grains, ILedgerWriter ledger) =>
        {
            if (!await grains.Site(id).Deregister())
            {
                return ApiErrors.NotFound($"no site '{id}' is registered: see GET /v1/sites");
            }
            await ledger.SiteLeft(id);
            await grains.Plan().Replan();
            return Results.NoContent();
        }).WithSummary("Removes a site from the federation; its functions are re-placed at once");
    }
}
