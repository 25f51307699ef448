using Bunsan.ControlPlane.Catalogs;

namespace Bunsan.ControlPlane.Sites;

/// <summary>
/// The ids of every registered site, durable: the list <see cref="LiveTopology"/> walks to build a
/// snapshot. A singleton (key 0, see <see cref="ControlPlaneGrains.SiteRegistry"/>); only
/// <see cref="ISiteGrain"/> adds and removes ids.
/// </summary>
[Alias("bunsan.ISiteRegistryGrain")]
public interface ISiteRegistryGrain : IGrainWithIntegerKey, INameList;
