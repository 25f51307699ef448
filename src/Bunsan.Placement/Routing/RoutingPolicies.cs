namespace Bunsan.Placement.Routing;

/// <summary>Routing policies by name: one line registers each.</summary>
public static class RoutingPolicies
{
    public static IReadOnlyList<string> Names { get; } = ["bunsan", "nearest", "least-loaded", "random"];

    /// <summary>The policy called <paramref name="name"/>, or null when there is none.</summary>
    public static IRoutingPolicy? Create(string name) => name switch
    {
        "bunsan" => new DeadlineAwareRoutingPolicy(),
        "nearest" => new NearestRoutingPolicy(),
        "least-loaded" => new LeastLoadedRoutingPolicy(),
        "random" => new RandomRoutingPolicy(),
        _ => null,
    };
}
