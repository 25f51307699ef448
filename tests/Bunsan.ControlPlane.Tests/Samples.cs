using System.Collections.Immutable;
using Bunsan.ControlPlane.Sites;
using Bunsan.Core.Functions;
using Bunsan.Core.Geo;
using Bunsan.Core.Sites;

namespace Bunsan.ControlPlane.Tests;

/// <summary>Valid registrations and specs that tests vary one field at a time.</summary>
internal static class Samples
{
    public const string Digest = "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    public static SiteRegistration Osaka { get; } = new(
        "Osaka edge",
        new GeoPoint(34.6937, 135.5023),
        SiteTier.Edge,
        "JP",
        new FailureDomains("osaka", "kansai"),
        new SiteCapacity(32, 128),
        new EnergyProfile(150, 400, 1.4, 450));

    public static SiteRegistration Sapporo { get; } = Osaka with
    {
        Name = "Sapporo regional",
        Location = new GeoPoint(43.0618, 141.3545),
        Tier = SiteTier.Regional,
        Domains = new FailureDomains("sapporo", "hokkaido"),
        Capacity = new SiteCapacity(256, 1024),
    };

    public static FunctionSpec CollisionWarning(string name) => new(
        name,
        "",
        new InvocationResources(0.5, 64),
        new ExecutionTime(1.2, 3),
        LatencyClass.Realtime,
        ImmutableArray.Create("JP"),
        2,
        8);

    /// <summary>A unique id per test, so tests sharing one cluster never see each other's sites or functions.</summary>
    public static string UniqueId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];
}
