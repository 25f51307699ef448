using Bunsan.ControlPlane.Catalogs;

namespace Bunsan.ControlPlane.Functions;

/// <summary>
/// The names of every deployed function, durable. A singleton (key 0, see
/// <see cref="ControlPlaneGrains.FunctionCatalog"/>); only <see cref="IFunctionGrain"/> adds and removes names.
/// </summary>
[Alias("bunsan.IFunctionCatalogGrain")]
public interface IFunctionCatalogGrain : IGrainWithIntegerKey, INameList;
