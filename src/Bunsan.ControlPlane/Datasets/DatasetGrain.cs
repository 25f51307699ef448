using Bunsan.ControlPlane.Catalogs;

namespace Bunsan.ControlPlane.Datasets;

/// <summary>What a dataset grain stores.</summary>
[GenerateSerializer, Alias("bunsan.dataset-state")]
public sealed class DatasetState
{
    [Id(0)]
    public DatasetRecord? Record { get; set; }
}

/// <inheritdoc cref="IDatasetGrain"/>
/// <remarks>Put writes its own state, then lists the name; remove unlists first, then clears (as functions do), so the
/// catalog never lists a dataset whose record is gone.</remarks>
[GrainType("dataset")]
public sealed class DatasetGrain([PersistentState("dataset")] IPersistentState<DatasetState> state) : Grain, IDatasetGrain
{
    public Task<DatasetRecord?> Record() => Task.FromResult(state.State.Record);

    public async Task Put(DatasetRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Name != this.GetPrimaryKeyString())
        {
            throw new ArgumentException($"record '{record.Name}' sent to dataset grain '{this.GetPrimaryKeyString()}'", nameof(record));
        }
        DatasetRecord? previous = state.State.Record;
        state.State.Record = record;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.Record = previous;
            throw;
        }
        await GrainFactory.DatasetCatalog().Add(record.Name);
    }

    public async Task<bool> Remove()
    {
        if (state.State.Record is null)
        {
            return false;
        }
        await GrainFactory.DatasetCatalog().Remove(this.GetPrimaryKeyString());
        await state.ClearStateAsync();
        return true;
    }
}

/// <inheritdoc cref="IDatasetCatalogGrain"/>
[GrainType("dataset-catalog")]
public sealed class DatasetCatalogGrain([PersistentState("dataset-catalog")] IPersistentState<NameListState> state)
    : NameListGrain(state), IDatasetCatalogGrain;
