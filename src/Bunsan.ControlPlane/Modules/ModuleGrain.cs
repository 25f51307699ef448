using Bunsan.Executor;

namespace Bunsan.ControlPlane.Modules;

/// <summary>What a module grain stores: the module's bytes (null until uploaded).</summary>
[GenerateSerializer, Alias("bunsan.module-state")]
public sealed class ModuleState
{
    [Id(0)]
    public byte[]? Content { get; set; }
}

/// <inheritdoc cref="IModuleGrain"/>
/// <remarks>Modules live in grain state, so they are as durable as every other record and move to the shared store
/// with it in a clustered control plane. The activation drops its copy when idle (Orleans' collection).</remarks>
[GrainType("module")]
public sealed class ModuleGrain([PersistentState("module")] IPersistentState<ModuleState> state) : Grain, IModuleGrain
{
    public async Task<bool> Store(byte[] content)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (ModuleDigest.Compute(content).ToString() != this.GetPrimaryKeyString())
        {
            return false;
        }
        if (state.State.Content is not null)
        {
            return true;
        }
        state.State.Content = content;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.Content = null;
            throw;
        }
        return true;
    }

    public Task<byte[]?> Content() => Task.FromResult(state.State.Content);
}
