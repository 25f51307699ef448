using System.Collections.Immutable;
using Bunsan.ControlPlane.Datasets;
using Bunsan.ControlPlane.Functions;
using Bunsan.ControlPlane.Jobs;
using Bunsan.ControlPlane.Modules;
using Bunsan.ControlPlane.Plans;
using Bunsan.ControlPlane.Privacy;
using Bunsan.ControlPlane.Tokens;
using Bunsan.ControlPlane.Sites;

namespace Bunsan.ControlPlane;

/// <summary>How callers (the HTTP and gRPC layers, placement, tests) reach the control plane's grains: the keys live here (the site registry's shard keys in <see cref="SiteRegistryShards"/>).</summary>
public static class ControlPlaneGrains
{
    /// <summary>The registries are singletons; any fixed key would do, this one is never reused.</summary>
    private const long SingletonKey = 0;

    public static ISiteGrain Site(this IGrainFactory grains, string siteId) => grains.GetGrain<ISiteGrain>(siteId);

    /// <summary>The registry shard that lists this site id.</summary>
    public static ISiteRegistryGrain SiteRegistry(this IGrainFactory grains, string siteId) =>
        grains.GetGrain<ISiteRegistryGrain>(SiteRegistryShards.KeyOf(siteId));

    /// <summary>Every registered site id, in ordinal order (all registry shards).</summary>
    public static Task<ImmutableArray<string>> SiteIds(this IGrainFactory grains) => SiteRegistryShards.ListAsync(grains);

    public static IFunctionGrain Function(this IGrainFactory grains, string name) => grains.GetGrain<IFunctionGrain>(name);

    public static IFunctionCatalogGrain FunctionCatalog(this IGrainFactory grains) => grains.GetGrain<IFunctionCatalogGrain>(SingletonKey);

    public static IPlanGrain Plan(this IGrainFactory grains) => grains.GetGrain<IPlanGrain>(SingletonKey);

    public static ITokenGrain Tokens(this IGrainFactory grains) => grains.GetGrain<ITokenGrain>(SingletonKey);

    /// <summary>The job with this id (<see cref="JobIds"/>: 32 lowercase hex digits).</summary>
    public static IJobGrain Job(this IGrainFactory grains, string jobId) => grains.GetGrain<IJobGrain>(jobId);

    /// <summary>The shard of the unfinished-job list that holds this job id (<see cref="ActiveJobShards"/>).</summary>
    public static IActiveJobsGrain ActiveJobs(this IGrainFactory grains, string jobId) =>
        grains.GetGrain<IActiveJobsGrain>(ActiveJobShards.KeyOf(jobId));

    /// <summary>The dataset with this name (see Bunsan.Federation.FederationNames).</summary>
    public static IDatasetGrain Dataset(this IGrainFactory grains, string name) => grains.GetGrain<IDatasetGrain>(name);

    public static IDatasetCatalogGrain DatasetCatalog(this IGrainFactory grains) => grains.GetGrain<IDatasetCatalogGrain>(SingletonKey);

    /// <summary>The secret a site's agent gave for its data API.</summary>
    public static ISiteDataAccessGrain SiteDataAccess(this IGrainFactory grains, string siteId) => grains.GetGrain<ISiteDataAccessGrain>(siteId);

    /// <summary>One analyst's privacy spend on every dataset.</summary>
    public static IPrivacyBudgetGrain PrivacyBudget(this IGrainFactory grains, string analyst) => grains.GetGrain<IPrivacyBudgetGrain>(analyst);

    /// <summary>The module with this digest ("sha256:" + 64 lowercase hex digits).</summary>
    public static IModuleGrain Module(this IGrainFactory grains, string digest) => grains.GetGrain<IModuleGrain>(digest);
}
