namespace Bunsan.ControlPlane.Datasets;

/// <summary>One dataset of the catalog, keyed by its name (see <see cref="ControlPlaneGrains.Dataset"/>).</summary>
[Alias("bunsan.IDatasetGrain")]
public interface IDatasetGrain : IGrainWithStringKey
{
    /// <summary>The record, or null when no such dataset is in the catalog.</summary>
    [Alias("get")]
    Task<DatasetRecord?> Record();

    /// <summary>Stores the record (its name must be this grain's key) and lists it in the catalog; durable when it returns.</summary>
    [Alias("put")]
    Task Put(DatasetRecord record);

    /// <summary>Removes the dataset from the catalog; false when there was none.</summary>
    [Alias("remove")]
    Task<bool> Remove();
}

/// <summary>The names of every dataset in the catalog (a singleton, key 0; only <see cref="IDatasetGrain"/> adds and removes).</summary>
[Alias("bunsan.IDatasetCatalogGrain")]
public interface IDatasetCatalogGrain : IGrainWithIntegerKey, Catalogs.INameList;
