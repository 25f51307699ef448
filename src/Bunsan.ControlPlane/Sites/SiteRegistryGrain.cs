using Bunsan.ControlPlane.Catalogs;

namespace Bunsan.ControlPlane.Sites;

/// <inheritdoc cref="ISiteRegistryGrain"/>
[GrainType("site-registry")]
public sealed class SiteRegistryGrain([PersistentState("site-registry")] IPersistentState<NameListState> state)
    : NameListGrain(state), ISiteRegistryGrain;
