using System.Security.Claims;
using Bunsan.ControlPlane.Hosting;
using Bunsan.Federation;
using Bunsan.Federation.Policies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bunsan.ControlPlane.Api;

/// <summary>
/// `GET /v1/datasets/{name}/policy/explain?purpose=P[&amp;analyst=A]`: the dataset's usage policy evaluated now for a
/// purpose, with the same code its site runs for every query — each rule, each constraint and its verdict — and the
/// analyst's privacy budget. Analysts see their own budget only; the admin token may ask for anyone's.
/// </summary>
public static class PolicyExplainEndpoint
{
    public sealed record ExplainView(
        string Dataset, string Purpose, string Analyst, bool Allowed, string Reason, bool Revoked, string PolicyDigest,
        IReadOnlyList<RuleVerdict> Rules, int MinGroupSize, decimal? EpsilonBudget, decimal EpsilonSpent, decimal? EpsilonRemaining);

    public static void Map(IEndpointRouteBuilder analysts)
    {
        analysts.MapGet("/datasets/{name}/policy/explain", async (string name, string? purpose, string? analyst, ClaimsPrincipal caller,
            IGrainFactory grains, ControlPlaneOptions options, ControlPlaneClock clock) =>
        {
            if (Purposes.Problem(purpose) is { } purposeProblem)
            {
                return ApiErrors.BadRequest("purpose: " + purposeProblem);
            }
            string self = caller.Identity?.Name ?? "";
            string who = analyst ?? self;
            if (FederationNames.Problem(who, "analyst") is { } analystProblem)
            {
                return ApiErrors.BadRequest(analystProblem);
            }
            if (who != self && !caller.IsInRole("admin"))
            {
                return ApiErrors.Problem(StatusCodes.Status403Forbidden, "forbidden", $"an analyst token sees its own budget only: leave out analyst, or ask as '{self}'");
            }
            if (await grains.Dataset(name).Record() is not { } record)
            {
                return DatasetEndpoints.NotFound(name);
            }
            UsagePolicy policy = UsagePolicy.Parse(record.PolicyJson).Policy
                ?? throw new InvalidOperationException($"dataset {record.Name} holds a policy that no longer parses");
            string siteJurisdiction = (await grains.Site(record.Site).GetStatus())?.Site.Jurisdiction ?? "";
            PolicyEvaluation verdict = policy.Evaluate(new PolicyRequest(purpose!, who, siteJurisdiction, options.Jurisdiction, clock.UtcNow));
            decimal spent = (await grains.PrivacyBudget(who).Spent()).GetValueOrDefault(record.Name);
            return Results.Json(new ExplainView(record.Name, purpose!, who,
                verdict.Allowed && !record.Revoked,
                record.Revoked ? $"the owner revoked this dataset's policy on {record.PolicyChangedAt:u}: every query is refused" : verdict.Reason,
                record.Revoked, record.PolicyDigest, verdict.Rules, verdict.MinGroupSize, verdict.EpsilonBudget, spent,
                verdict.EpsilonBudget is { } total ? Math.Max(0, total - spent) : null), ApiJson.Options);
        }).WithSummary("Evaluates a dataset's usage policy for a purpose: every rule and constraint with its verdict, and the analyst's privacy budget");
    }
}
