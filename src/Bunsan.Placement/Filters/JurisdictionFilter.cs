using System.Collections.Immutable;
using Bunsan.Placement.Pipeline;

namespace Bunsan.Placement.Filters;

/// <summary>Residency: a function runs only in the jurisdictions its owner allows (empty = anywhere).</summary>
public sealed class JurisdictionFilter : ISiteFilter
{
    public static JurisdictionFilter Instance { get; } = new();

    public string Name => "jurisdiction";

    public string? Reject(PlacementScope scope, int siteIndex)
    {
        string jurisdiction = scope.SiteAt(siteIndex).Jurisdiction;
        return Allows(scope.Function.Residency, jurisdiction)
            ? null
            : $"jurisdiction: site is in {jurisdiction}; '{scope.Function.Name}' may run only in {string.Join(", ", scope.Function.Residency)}";
    }

    /// <summary>
    /// The rule of <see cref="Core.Functions.FunctionSpec.AllowsJurisdiction"/> (empty = anywhere,
    /// case-insensitive) as a loop: LINQ's Contains boxes the immutable array, one allocation per site.
    /// </summary>
    private static bool Allows(ImmutableArray<string> residency, string jurisdiction)
    {
        if (residency.IsDefaultOrEmpty)
        {
            return true;
        }
        foreach (string allowed in residency)
        {
            if (string.Equals(allowed, jurisdiction, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }
}
