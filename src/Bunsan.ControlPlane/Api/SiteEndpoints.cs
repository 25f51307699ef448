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
        api.MapGet("/sites", async (IGrainFactory grains) =>
        {
            LiveTopology live = await LiveTopology.CaptureAsync(grains);
            return Results.Json(live.Statuses.Select(SiteView.From).ToImmutableArray(), ApiJson.Options);
        }).WithSummary("Every registered site, with health derived from its last heartbeat");

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
