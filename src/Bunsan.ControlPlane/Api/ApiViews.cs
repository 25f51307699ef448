using Bunsan.ControlPlane.Functions;
using Bunsan.ControlPlane.Plans;
using Bunsan.ControlPlane.Sites;
using Bunsan.Core.Functions;

namespace Bunsan.ControlPlane.Api;

/// <summary>A site as `GET /v1/sites` shows it; <c>ingress_rps</c>: client requests per second entering there, per function.</summary>
public sealed record SiteView(
    string Id, string Name, double Lat, double Lon, string Tier, string Jurisdiction, string Metro, string Region,
    int Cores, double MemoryGib, string? Endpoint, string Health, DateTimeOffset RegisteredAt,
    DateTimeOffset? LastHeartbeatAt, double? Utilisation, double? QueueMs, IReadOnlyDictionary<string, double>? IngressRps)
{
    public static SiteView From(SiteStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var site = status.Site;
        return new SiteView(site.Id, site.Name, site.Location.Latitude, site.Location.Longitude, site.Tier.ToString().ToLowerInvariant(),
            site.Jurisdiction, site.Domains.Metro, site.Domains.Region, site.Capacity.Cores, site.Capacity.MemoryGiB,
            site.Endpoint?.ToString(), site.Health.ToString().ToLowerInvariant(), status.RegisteredAt, status.LastHeartbeatAt,
            status.LastLoad?.Utilisation, status.LastLoad?.QueueMs,
            status.LastLoad?.IngressOrEmpty.ToDictionary(entry => entry.Function, entry => entry.Rps, StringComparer.Ordinal));
    }
}

/// <summary>A function as `GET /v1/functions` shows it: the deployment and where the current plan runs it.</summary>
public sealed record FunctionView(
    string Name, string ModuleDigest, string Class, double? BudgetMs, double ExecP50Ms, double ExecP99Ms,
    double Cores, double MemoryMib, IReadOnlyList<string> Residency, int MinReplicas, int MaxReplicas,
    DateTimeOffset DeployedAt, IReadOnlyList<string> Replicas, long PlanVersion)
{
    public static FunctionView From(FunctionDeployment deployment, FederationPlan plan)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        ArgumentNullException.ThrowIfNull(plan);
        FunctionSpec spec = deployment.Spec;
        PlannedFunction? placed = plan.Functions.FirstOrDefault(f => f.Spec.Name == spec.Name);
        return new FunctionView(spec.Name, spec.ModuleDigest, spec.Class.Name, spec.Class.HasDeadline ? spec.Class.BudgetMs : null,
            spec.Execution.P50Ms, spec.Execution.P99Ms, spec.Resources.Cores, spec.Resources.MemoryMiB,
            spec.Residency.IsDefault ? [] : spec.Residency, spec.MinReplicas, spec.MaxReplicas, deployment.DeployedAt,
            placed is null ? [] : placed.ReplicaSites, plan.Version);
    }
}

/// <summary>
/// The body of `PUT /v1/functions/{name}`. Only the module digest and the class are required; the rest default
/// to a small function (1 core, 64 MiB, p50 1 ms, p99 5 ms, anywhere, 1 to 100 replicas).
/// </summary>
public sealed record FunctionRequest(
    string? ModuleDigest,
    string? Class,
    double? ExecP50Ms = null,
    double? ExecP99Ms = null,
    double? Cores = null,
    double? MemoryMib = null,
    IReadOnlyList<string>? Residency = null,
    int? MinReplicas = null,
    int? MaxReplicas = null)
{
    public const double DefaultP50Ms = 1;
    public const double DefaultP99Ms = 5;
    public const double DefaultCores = 1;
    public const double DefaultMemoryMib = 64;
    public const int DefaultMinReplicas = 1;
    public const int DefaultMaxReplicas = 100;

    /// <summary>The spec this asks for (validated later by the function grain), or the problems that stop building one.</summary>
    public (FunctionSpec? Spec, IReadOnlyList<string> Errors) ToSpec(string name)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(ModuleDigest))
        {
            errors.Add("module_digest is missing: upload the module (POST /v1/modules) and give the digest it returns");
        }
        LatencyClass latencyClass = LatencyClass.Batch;
        if (Class is null)
        {
            errors.Add("class is missing: use realtime, immersive, control, interactive, batch, or a budget such as 250ms");
        }
        else if (!LatencyClass.TryParse(Class, out latencyClass, out string? classError))
        {
            errors.Add("class: " + classError);
        }
        if (errors.Count > 0)
        {
            return (null, errors);
        }
        var spec = new FunctionSpec(
            name,
            ModuleDigest!,
            new InvocationResources(Cores ?? DefaultCores, MemoryMib ?? DefaultMemoryMib),
            new ExecutionTime(ExecP50Ms ?? DefaultP50Ms, ExecP99Ms ?? DefaultP99Ms),
            latencyClass,
            [.. Residency ?? []],
            MinReplicas ?? DefaultMinReplicas,
            MaxReplicas ?? Math.Max(DefaultMaxReplicas, MinReplicas ?? DefaultMinReplicas));
        return (spec, errors);
    }
}

/// <summary>The answer to a module upload.</summary>
public sealed record ModuleView(string Digest, long Bytes);

/// <summary>`POST /v1/tokens` asks for a new token of a kind ("join"; "admin" mints another admin token).</summary>
public sealed record TokenRequest(string? Kind, string? Name = null);

public sealed record TokenView(string Token, string Kind, string? Name = null);

/// <summary>`GET /v1/info`: what a client needs to know about this control plane.</summary>
public sealed record InfoView(string Service, string AgentEndpoint, long PlanVersion, int Sites, int Functions);

/// <summary>`GET /v1/plan`: the current placements.</summary>
public sealed record PlanView(long Version, DateTimeOffset PlannedAt, IReadOnlyList<PlanEntryView> Functions);

public sealed record PlanEntryView(string Name, IReadOnlyList<string> Replicas);
