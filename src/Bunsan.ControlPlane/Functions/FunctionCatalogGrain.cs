using Bunsan.ControlPlane.Catalogs;

namespace Bunsan.ControlPlane.Functions;

/// <inheritdoc cref="IFunctionCatalogGrain"/>
[GrainType("function-catalog")]
public sealed class FunctionCatalogGrain([PersistentState("function-catalog")] IPersistentState<NameListState> state)
    : NameListGrain(state), IFunctionCatalogGrain;
