using Bunsan.Placement.Pipeline;

namespace Bunsan.Placement.Filters;

/// <summary>
/// One feasibility check. A filter either passes a site or rejects it with a reason a person can
/// act on, with the numbers that decided it. Filters are pure functions of the scope.
/// </summary>
public interface ISiteFilter
{
    /// <summary>The stage name shown in verdicts and picked in <see cref="PlacementOptions.Filters"/>.</summary>
    string Name { get; }

    /// <summary>Null when the site passes; otherwise why not.</summary>
    string? Reject(PlacementScope scope, int siteIndex);
}
