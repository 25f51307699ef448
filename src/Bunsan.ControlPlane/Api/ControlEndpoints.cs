using System.Collections.Immutable;
using Bunsan.ControlPlane.Plans;
using Bunsan.ControlPlane.Tokens;
using Bunsan.Federation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bunsan.ControlPlane.Api;

/// <summary>`/v1/info`, `/v1/plan` and `/v1/tokens`: what the control plane is, what it decided, and who may talk to it.</summary>
public static class ControlEndpoints
{
    public static void Map(IEndpointRouteBuilder api, RouteGroupBuilder agents, Func<Uri> agentEndpoint)
    {
        agents.MapGet("/info", async (IGrainFactory grains, PlanBroadcaster plans) =>
        {
            FederationPlan plan = await CurrentPlan(grains, plans);
            return Results.Json(new InfoView("bunsan-control-plane", agentEndpoint().ToString(), plan.Version, plan.Sites.Length, plan.Functions.Length), ApiJson.Options);
        }).WithSummary("Where agents reach the gRPC agent service, and the current plan's size (admin or join token)");

        api.MapGet("/plan", async (IGrainFactory grains, PlanBroadcaster plans) =>
        {
            FederationPlan plan = await CurrentPlan(grains, plans);
            return Results.Json(new PlanView(plan.Version, plan.PlannedAt,
                [.. plan.Functions.Select(f => new PlanEntryView(f.Spec.Name, f.ReplicaSites))]), ApiJson.Options);
        }).WithSummary("The current placements: each function's replicas");

        api.MapPost("/tokens", async (HttpRequest request, IGrainFactory grains, CancellationToken cancel) =>
        {
            (TokenRequest? body, IResult? bad) = await ApiBody.ReadJsonAsync<TokenRequest>(request, cancel);
            if (body is null)
            {
                return bad!;
            }
            if (!Enum.TryParse(body.Kind, ignoreCase: true, out TokenKind kind) || !Enum.IsDefined(kind) || int.TryParse(body.Kind, out _))
            {
                return ApiErrors.BadRequest($"kind '{body.Kind}' is not a token kind: use join (for agents), analyst (with a name) or admin");
            }
            if (kind == TokenKind.Analyst
                && (FederationNames.Problem(body.Name, "name") ?? (body.Name == TokenIdentity.AdminName ? "name 'admin' is the admin token's: choose another" : null)) is { } nameProblem)
            {
                return ApiErrors.BadRequest(nameProblem + " (an analyst token needs the analyst's name: privacy budgets are kept per name)");
            }
            if (kind != TokenKind.Analyst && body.Name is not null)
            {
                return ApiErrors.BadRequest("name is for analyst tokens only: leave it out, or use kind analyst");
            }
            string token = AccessTokens.Create(kind);
            string hash = AccessTokens.Hash(token);
            await (kind == TokenKind.Analyst ? grains.Tokens().AddAnalyst(hash, body.Name!) : grains.Tokens().Add(hash, kind));
            return Results.Json(new TokenView(token, kind.ToString().ToLowerInvariant(), body.Name), ApiJson.Options, statusCode: StatusCodes.Status201Created);
        }).WithSummary("Mints a token: join (agents), analyst (queries, under a name) or admin. The token is shown once; only its hash is stored");
    }

    /// <summary>
    /// The last published plan, read without a turn on the plan grain: the placement loop holds that grain for whole
    /// replans (seconds at 10,000 sites, measured), and reads queued behind it took the API's p99 to 3.8 s.
    /// </summary>
    public static async Task<FederationPlan> CurrentPlan(IGrainFactory grains, PlanBroadcaster plans)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(plans);
        return plans.Latest ?? await grains.Plan().Current();
    }
}
