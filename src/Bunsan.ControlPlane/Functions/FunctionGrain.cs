using System.Collections.Immutable;
using Bunsan.Core.Functions;

namespace Bunsan.ControlPlane.Functions;

/// <summary>
/// A function's deployment, durable. Deploy writes its own state and then lists the name in the
/// <see cref="IFunctionCatalogGrain"/>; remove unlists first, then clears (the same order as sites).
/// </summary>
[GrainType("function")]
public sealed class FunctionGrain(
    [PersistentState("function")] IPersistentState<FunctionState> state,
    ControlPlaneClock clock) : Grain, IFunctionGrain
{
    private string Name => this.GetPrimaryKeyString();

    public async Task<ChangeResult> Deploy(FunctionSpec spec, string moduleDigest)
    {
        (FunctionSpec? canonical, ImmutableArray<string> errors) = Check(spec, moduleDigest);
        if (canonical is null)
        {
            return new ChangeResult(errors);
        }
        FunctionDeployment? previous = state.State.Deployment;
        state.State.Deployment = new FunctionDeployment(canonical, clock.UtcNow);
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.Deployment = previous;
            throw;
        }
        await GrainFactory.FunctionCatalog().Add(Name);
        return ChangeResult.Accepted;
    }

    public Task<FunctionDeployment?> GetDeployment() => Task.FromResult(state.State.Deployment);

    public async Task<bool> Remove()
    {
        if (state.State.Deployment is null)
        {
            return false;
        }
        await GrainFactory.FunctionCatalog().Remove(Name);
        await state.ClearStateAsync();
        return true;
    }

    /// <summary>The spec with the digest set, checked by the catalog rules; or every problem.</summary>
    private (FunctionSpec? Spec, ImmutableArray<string> Errors) Check(FunctionSpec spec, string moduleDigest)
    {
        if (string.IsNullOrEmpty(moduleDigest))
        {
            return (null, ["module_digest is empty: upload the module first and deploy with its digest (sha256: followed by 64 lowercase hex digits)"]);
        }
        if (spec is not null && !string.IsNullOrEmpty(spec.ModuleDigest) && spec.ModuleDigest != moduleDigest)
        {
            return (null, [$"module_digest '{spec.ModuleDigest}' in the spec differs from the uploaded module's '{moduleDigest}': leave the spec's empty or make them equal"]);
        }
        (FunctionSpec? canonical, ImmutableArray<string> errors) = FunctionSpecRules.Check(spec is null ? null : spec with { ModuleDigest = moduleDigest });
        if (canonical is not null && canonical.Name != Name)
        {
            return (null, [$"name '{canonical.Name}' differs from the function addressed, '{Name}': deploy a function under its own name"]);
        }
        return (canonical, errors);
    }
}
