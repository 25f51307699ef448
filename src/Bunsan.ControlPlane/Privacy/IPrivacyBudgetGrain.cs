using System.Collections.Immutable;

namespace Bunsan.ControlPlane.Privacy;

/// <summary>A dataset's total differential-privacy budget for one analyst, as its usage policy sets it.</summary>
[GenerateSerializer, Alias("bunsan.dataset-budget")]
public sealed record DatasetBudget([property: Id(0)] string Dataset, [property: Id(1)] decimal Total);

/// <summary>The answer to a reservation: granted, or the first dataset whose budget it would overspend.</summary>
[GenerateSerializer, Alias("bunsan.budget-reservation")]
public sealed record BudgetReservation(
    [property: Id(0)] bool Granted,
    [property: Id(1)] string? Dataset = null,
    [property: Id(2)] decimal Spent = 0,
    [property: Id(3)] decimal Total = 0);

/// <summary>
/// One analyst's privacy spend on every dataset, keyed by the analyst's name (see <see cref="ControlPlaneGrains.PrivacyBudget"/>).
/// One grain per analyst makes a query's reservation across all its datasets atomic: two concurrent queries cannot
/// both pass a check that only one of them fits.
/// </summary>
[Alias("bunsan.IPrivacyBudgetGrain")]
public interface IPrivacyBudgetGrain : IGrainWithStringKey
{
    /// <summary>
    /// Reserves <paramref name="epsilon"/> on every dataset at once, or on none when any would go over its total.
    /// Durable when it returns: a reservation counts as spent until <see cref="Refund"/>.
    /// </summary>
    [Alias("reserve")]
    Task<BudgetReservation> Reserve(string queryId, ImmutableArray<DatasetBudget> budgets, decimal epsilon);

    /// <summary>Gives a reservation back (the query failed before any answer left); unknown ids change nothing.</summary>
    [Alias("refund")]
    Task Refund(string queryId);

    /// <summary>Marks a reservation spent for good (the answer was released).</summary>
    [Alias("settle")]
    Task Settle(string queryId);

    /// <summary>ε spent (reserved included) per dataset.</summary>
    [Alias("spent")]
    Task<ImmutableDictionary<string, decimal>> Spent();
}
