using System.Collections.Immutable;
using Bunsan.ControlPlane.Functions;
using Bunsan.ControlPlane.Ledger;
using Bunsan.ControlPlane.Plans;
using Bunsan.ControlPlane.Sites;
using Bunsan.Core.Functions;
using Bunsan.Core.Geo;
using Bunsan.Core.Latency;
using Bunsan.Placement.Explain;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bunsan.ControlPlane.Api;

/// <summary>
/// `/v1/functions`: deploy (PUT, idempotent by name), list, show, remove, and explain a placement against the
/// live federation. A deploy or removal replans at once, so the answer already shows where the function runs.
/// </summary>
public static class FunctionEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapPut("/functions/{name}", async (string name, HttpRequest request, IGrainFactory grains, ILedgerWriter ledger, CancellationToken cancel) =>
        {
            (FunctionRequest? body, IResult? bad) = await ApiBody.ReadJsonAsync<FunctionRequest>(request, cancel);
            if (body is null)
            {
                return bad!;
            }
            (FunctionSpec? spec, IReadOnlyList<string> errors) = body.ToSpec(name);
            if (spec is null)
            {
                return ApiErrors.BadRequest(errors);
            }
            if (await grains.Module(spec.ModuleDigest).Content() is null)
            {
                return ApiErrors.BadRequest($"module_digest {spec.ModuleDigest} names no uploaded module: POST the module to /v1/modules first and use the digest it returns");
            }
            ChangeResult result = await grains.Function(name).Deploy(spec with { ModuleDigest = "" }, spec.ModuleDigest);
            if (!result.Succeeded)
            {
                return ApiErrors.BadRequest(result.Errors);
            }
            await ledger.FunctionDeployed(spec);
            FederationPlan plan = await grains.Plan().Replan();
            FunctionDeployment deployment = (await grains.Function(name).GetDeployment())!;
            return Results.Json(FunctionView.From(deployment, plan), ApiJson.Options);
        }).WithSummary("Deploys a function (or replaces its deployment) and places it at once")
          .Accepts<FunctionRequest>("application/json")
          .Produces<FunctionView>();

        api.MapGet("/functions", async (IGrainFactory grains, PlanBroadcaster plans) =>
        {
            FederationPlan plan = await ControlEndpoints.CurrentPlan(grains, plans);
            ImmutableArray<string> names = await grains.FunctionCatalog().List();
            FunctionDeployment?[] deployments = await Task.WhenAll(names.Select(n => grains.Function(n).GetDeployment()));
            return Results.Json(deployments.OfType<FunctionDeployment>().Select(d => FunctionView.From(d, plan)).ToImmutableArray(), ApiJson.Options);
        }).WithSummary("Every deployed function and its replicas");

        api.MapGet("/functions/{name}", async (string name, IGrainFactory grains, PlanBroadcaster plans) =>
            await grains.Function(name).GetDeployment() is { } deployment
                ? Results.Json(FunctionView.From(deployment, await ControlEndpoints.CurrentPlan(grains, plans)), ApiJson.Options)
                : NotDeployed(name))
            .WithSummary("One function and its replicas");

        api.MapDelete("/functions/{name}", async (string name, IGrainFactory grains, ILedgerWriter ledger) =>
        {
            if (!await grains.Function(name).Remove())
            {
                return NotDeployed(name);
            }
            await ledger.FunctionRemoved(name);
            await grains.Plan().Replan();
            return Results.NoContent();
        }).WithSummary("Removes a function; agents stop hosting it with the next plan");

        api.MapGet("/functions/{name}/explain", async (string name, string? origin, IGrainFactory grains, LiveSiteTable sites) =>
        {
            if (!GeoPoint.TryParse(origin, out GeoPoint from, out string? originError))
            {
                return ApiErrors.BadRequest($"origin: {originError} (e.g. ?origin=43.06,141.35)");
            }
            if (await grains.Function(name).GetDeployment() is not { } deployment)
            {
                return NotDeployed(name);
            }
            LiveTopology live = await sites.CaptureAsync();
            Explanation explanation = PlacementExplainer.Explain(live.ToPlacementContext(FittedLatencyModel.Default), deployment.Spec, from,
                "demand is this one origin at 1 request/s on the live federation: health from heartbeats, load from each site's last report; RTTs come from the fitted latency model");
            return Results.Json(explanation, ApiJson.Options);
        }).WithSummary("Places the function for requests from one origin on the live federation and gives every site's verdict")
          .Produces<Explanation>();
    }

    private static IResult NotDeployed(string name) =>
        ApiErrors.NotFound($"no function '{name}' is deployed: see GET /v1/functions");
}
