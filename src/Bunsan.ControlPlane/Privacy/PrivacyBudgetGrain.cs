using System.Collections.Immutable;

namespace Bunsan.ControlPlane.Privacy;

/// <summary>What a privacy-budget grain stores: ε spent per dataset, and the reservations not yet settled.</summary>
[GenerateSerializer, Alias("bunsan.privacy-budget-state")]
public sealed class PrivacyBudgetState
{
    /// <summary>ε spent per dataset, reservations included. Decimal: budgets are sums of decimal ε, and 0.1 × 10 must be exactly 1.</summary>
    [Id(0)]
    public Dictionary<string, decimal> Spent { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Unsettled reservations by query id: the datasets charged and the ε each.</summary>
    [Id(1)]
    public Dictionary<string, Reservation> Pending { get; set; } = new(StringComparer.Ordinal);
}

[GenerateSerializer, Alias("bunsan.privacy-reservation")]
public sealed record Reservation([property: Id(0)] ImmutableArray<string> Datasets, [property: Id(1)] decimal Epsilon);

/// <inheritdoc cref="IPrivacyBudgetGrain"/>
[GrainType("privacy-budget")]
public sealed class PrivacyBudgetGrain([PersistentState("privacy-budget")] IPersistentState<PrivacyBudgetState> state)
    : Grain, IPrivacyBudgetGrain
{
    public async Task<BudgetReservation> Reserve(string queryId, ImmutableArray<DatasetBudget> budgets, decimal epsilon)
    {
        ArgumentException.ThrowIfNullOrEmpty(queryId);
        if (epsilon <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "a reservation spends a positive ε");
        }
        if (state.State.Pending.ContainsKey(queryId))
        {
            return new BudgetReservation(true);
        }
        foreach (DatasetBudget budget in budgets)
        {
            decimal spent = state.State.Spent.GetValueOrDefault(budget.Dataset);
            if (spent + epsilon > budget.Total)
            {
                return new BudgetReservation(false, budget.Dataset, spent, budget.Total);
            }
        }
        ImmutableArray<string> datasets = [.. budgets.Select(b => b.Dataset).Distinct(StringComparer.Ordinal)];
        foreach (string dataset in datasets)
        {
            state.State.Spent[dataset] = state.State.Spent.GetValueOrDefault(dataset) + epsilon;
        }
        state.State.Pending[queryId] = new Reservation(datasets, epsilon);
        await WriteOrUndo(() =>
        {
            Give(datasets, epsilon);
            state.State.Pending.Remove(queryId);
        });
        return new BudgetReservation(true);
    }

    public async Task Refund(string queryId)
    {
        if (!state.State.Pending.Remove(queryId ?? "", out Reservation? reservation))
        {
            return;
        }
        Give(reservation.Datasets, reservation.Epsilon);
        await WriteOrUndo(() =>
        {
            foreach (string dataset in reservation.Datasets)
            {
                state.State.Spent[dataset] = state.State.Spent.GetValueOrDefault(dataset) + reservation.Epsilon;
            }
            state.State.Pending[queryId!] = reservation;
        });
    }

    public async Task Settle(string queryId)
    {
        if (!state.State.Pending.Remove(queryId ?? "", out Reservation? reservation))
        {
            return;
        }
        await WriteOrUndo(() => state.State.Pending[queryId!] = reservation);
    }

    public Task<ImmutableDictionary<string, decimal>> Spent() =>
        Task.FromResult(state.State.Spent.ToImmutableDictionary(StringComparer.Ordinal));

    private void Give(ImmutableArray<string> datasets, decimal epsilon)
    {
        foreach (string dataset in datasets)
        {
            decimal left = state.State.Spent.GetValueOrDefault(dataset) - epsilon;
            if (left <= 0)
            {
                state.State.Spent.Remove(dataset);
            }
            else
            {
                state.State.Spent[dataset] = left;
            }
        }
    }

    /// <summary>Writes the state; when the write fails, undoes the change in memory so memory never claims what storage does not hold.</summary>
    private async Task WriteOrUndo(Action undo)
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            undo();
            throw;
        }
    }
}
