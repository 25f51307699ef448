using System.Collections.Immutable;

namespace Bunsan.ControlPlane.Catalogs;

/// <summary>
/// Holds a set of names in durable state. Orleans cannot list the grains of a type, so the registries
/// keep one: a singleton per kind, written only when the set changes (a register or deploy, never a
/// heartbeat), so one activation easily takes the load of a federation's churn.
/// </summary>
public abstract class NameListGrain(IPersistentState<NameListState> state) : Grain, INameList
{
    public async Task Add(string name)
    {
        if (!state.State.Names.Add(name))
        {
            return;
        }
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Memory must not claim what the file does not hold.
            state.State.Names.Remove(name);
            throw;
        }
    }

    public async Task Remove(string name)
    {
        if (!state.State.Names.Remove(name))
        {
            return;
        }
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.Names.Add(name);
            throw;
        }
    }

    public Task<ImmutableArray<string>> List() =>
        Task.FromResult(state.State.Names.Order(StringComparer.Ordinal).ToImmutableArray());
}
