using Bunsan.ControlPlane.Catalogs;

namespace Bunsan.ControlPlane.Sites;

/// <summary>
/// One shard of the durable list of registered site ids: the list the <see cref="LiveSiteTable"/> walks to read
/// every site back from storage after a restart. Keyed by shard (see <see cref="SiteRegistryShards"/>); only
/// <see cref="ISiteGrain"/> adds and removes ids.
/// </summary>
[Alias("bunsan.ISiteRegistryGrain")]
public interface ISiteRegistryGrain : IGrainWithIntegerKey, INameList;
