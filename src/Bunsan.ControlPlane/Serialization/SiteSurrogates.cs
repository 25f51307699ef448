using Bunsan.Core.Geo;
using Bunsan.Core.Sites;

namespace Bunsan.ControlPlane.Serialization;

// Bunsan.Core must not know about Orleans, so its records cross grain calls and reach storage through
// these surrogates. Ids and aliases are part of the stored format: never renumber or rename them; add
// new fields with new ids (old rows then read the new field as its default).

[GenerateSerializer, Alias("bunsan.geo-point")]
internal struct GeoPointSurrogate
{
    [Id(0)] public double Latitude;
    [Id(1)] public double Longitude;
    [Id(2)] public double AltitudeM;
}

[RegisterConverter]
internal sealed class GeoPointConverter : IConverter<GeoPoint, GeoPointSurrogate>
{
    public GeoPoint ConvertFromSurrogate(in GeoPointSurrogate surrogate) => new(surrogate.Latitude, surrogate.Longitude, surrogate.AltitudeM);

    public GeoPointSurrogate ConvertToSurrogate(in GeoPoint value) =>
        new() { Latitude = value.Latitude, Longitude = value.Longitude, AltitudeM = value.AltitudeM };
}

[GenerateSerializer, Alias("bunsan.failure-domains")]
internal struct FailureDomainsSurrogate
{
    [Id(0)] public string Metro;
    [Id(1)] public string Region;
}

[RegisterConverter]
internal sealed class FailureDomainsConverter : IConverter<FailureDomains, FailureDomainsSurrogate>
{
    public FailureDomains ConvertFromSurrogate(in FailureDomainsSurrogate surrogate) => new(surrogate.Metro, surrogate.Region);

    public FailureDomainsSurrogate ConvertToSurrogate(in FailureDomains value) => new() { Metro = value.Metro, Region = value.Region };
}

[GenerateSerializer, Alias("bunsan.site-capacity")]
internal struct SiteCapacitySurrogate
{
    [Id(0)] public int Cores;
    [Id(1)] public double MemoryGiB;
}

[RegisterConverter]
internal sealed class SiteCapacityConverter : IConverter<SiteCapacity, SiteCapacitySurrogate>
{
    public SiteCapacity ConvertFromSurrogate(in SiteCapacitySurrogate surrogate) => new(surrogate.Cores, surrogate.MemoryGiB);

    public SiteCapacitySurrogate ConvertToSurrogate(in SiteCapacity value) => new() { Cores = value.Cores, MemoryGiB = value.MemoryGiB };
}

[GenerateSerializer, Alias("bunsan.energy-profile")]
internal struct EnergyProfileSurrogate
{
    [Id(0)] public double IdleWatts;
    [Id(1)] public double PeakWatts;
    [Id(2)] public double Pue;
    [Id(3)] public double GridCarbonGramsPerKWh;
}

[RegisterConverter]
internal sealed class EnergyProfileConverter : IConverter<EnergyProfile, EnergyProfileSurrogate>
{
    public EnergyProfile ConvertFromSurrogate(in EnergyProfileSurrogate surrogate) =>
        new(surrogate.IdleWatts, surrogate.PeakWatts, surrogate.Pue, surrogate.GridCarbonGramsPerKWh);

    public EnergyProfileSurrogate ConvertToSurrogate(in EnergyProfile value) => new()
    {
        IdleWatts = value.IdleWatts,
        PeakWatts = value.PeakWatts,
        Pue = value.Pue,
        GridCarbonGramsPerKWh = value.GridCarbonGramsPerKWh,
    };
}

[GenerateSerializer, Alias("bunsan.site")]
internal struct SiteSurrogate
{
    [Id(0)] public string Id;
    [Id(1)] public string Name;
    [Id(2)] public GeoPoint Location;
    [Id(3)] public SiteTier Tier;
    [Id(4)] public string Jurisdiction;
    [Id(5)] public FailureDomains Domains;
    [Id(6)] public SiteCapacity Capacity;
    [Id(7)] public EnergyProfile Energy;
    [Id(8)] public SiteHealth Health;
    [Id(9)] public Uri? Endpoint;
}

[RegisterConverter]
internal sealed class SiteConverter : IConverter<Site, SiteSurrogate>
{
    public Site ConvertFromSurrogate(in SiteSurrogate surrogate) => new(
        surrogate.Id,
        surrogate.Name,
        surrogate.Location,
        surrogate.Tier,
        surrogate.Jurisdiction,
        surrogate.Domains,
        surrogate.Capacity,
        surrogate.Energy,
        surrogate.Health,
        surrogate.Endpoint);

    public SiteSurrogate ConvertToSurrogate(in Site value) => new()
    {
        Id = value.Id,
        Name = value.Name,
        Location = value.Location,
        Tier = value.Tier,
        Jurisdiction = value.Jurisdiction,
        Domains = value.Domains,
        Capacity = value.Capacity,
        Energy = value.Energy,
        Health = value.Health,
        Endpoint = value.Endpoint,
    };
}
