using System.Globalization;
using Bunsan.Placement.Pipeline;

namespace Bunsan.Placement.Filters;

/// <summary>
/// A site must have free room for the invocations a replica would run at once: the function's
/// per-invocation cores and memory × the expected concurrency of the smallest share it could get
/// (<see cref="PlacementScope.MinimumConcurrency"/>), given the site's current utilisation.
/// </summary>
public sealed class CapacityFilter : ISiteFilter
{
    public static CapacityFilter Instance { get; } = new();

    public string Name => "capacity";

    public string? Reject(PlacementScope scope, int siteIndex)
    {
        double concurrency = scope.MinimumConcurrency;
        if (scope.FreeSlotsAt(siteIndex) >= concurrency)
        {
            return null;
        }
        var capacity = scope.SiteAt(siteIndex).Capacity;
        var need = scope.Function.Resources;
        double free = 1 - scope.UtilisationOf(siteIndex);
        return string.Create(CultureInfo.InvariantCulture,
            $"capacity: needs {need.Cores * concurrency:0.##} cores and {need.MemoryMiB * concurrency:0.#} MiB " +
            $"({concurrency:0} concurrent × {need.Cores:0.##} cores, {need.MemoryMiB:0.#} MiB); " +
            $"free {capacity.Cores * free:0.##} of {capacity.Cores} cores and {capacity.MemoryGiB * free * 1024:0.#} of {capacity.MemoryGiB * 1024:0.#} MiB " +
            $"at {scope.UtilisationOf(siteIndex) * 100:0}% utilisation");
    }
}
