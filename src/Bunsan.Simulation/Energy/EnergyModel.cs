using Bunsan.Core.Sites;

namespace Bunsan.Simulation.Energy;

/// <summary>
/// Constants of the energy model. Sources and assumptions are in README.md beside this file.
/// </summary>
public sealed record EnergyModelOptions
{
    /// <summary>Aslan, Mayers, Koomey and France, "Electricity Intensity of Internet Data Transmission: Untangling the
    /// Estimates", Journal of Industrial Ecology 22(4), 2018 (doi:10.1111/jiec.12630): 0.06 kWh/GB in 2015 for core
    /// plus fixed-line access networks.</summary>
    public const double AslanKWhPerGB2015 = 0.06;

    /// <summary>Same paper: the intensity has halved about every 2 years since 2000 (developed countries).</summary>
    public const double AslanHalvingYears = 2;

    /// <summary>Joules in one kWh.</summary>
    public const double JoulesPerKWh = 3.6e6;

    /// <summary>The year the network intensity is extrapolated to (2025: 0.06 / 2^5 = 0.001875 kWh/GB = 6,750 J/GB).</summary>
    public int NetworkYear { get; init; } = 2025;

    /// <summary>
    /// Distance-dependent network energy, J per GB per km of great-circle distance; 0 by default: Aslan's figure is
    /// an average per GB and the literature finds hop count (hence distance) a second-order term (Jalali et al.,
    /// "Fog Computing May Help to Save Energy in Cloud Computing", IEEE JSAC 34(5), 2016). Set it for a sensitivity run.
    /// </summary>
    public double NetworkJoulesPerGBKm { get; init; }

    /// <summary>
    /// Share of a core's idle power charged to the time it runs an invocation, 0 to 1; 0 by default because on a fixed
    /// topology every site draws its idle power whatever the strategy, so it cancels when strategies are compared.
    /// Set 1 to charge the full per-core power (as if idle servers could be switched off).
    /// </summary>
    public double IdleShare { get; init; }

    public static EnergyModelOptions Default { get; } = new();

    /// <summary>Aslan et al.'s intensity extrapolated to <paramref name="year"/>: 0.06 kWh/GB × 0.5^((year − 2015) / 2).</summary>
    public static double AslanKWhPerGB(int year) => AslanKWhPerGB2015 * Math.Pow(0.5, (year - 2015) / AslanHalvingYears);
}

/// <summary>
/// Energy and carbon of invocations and of the traffic they cause.
/// Compute: the marginal power of the cores used, (peak − idle) / site cores, for the execution time, times the
/// site's PUE (plus <see cref="EnergyModelOptions.IdleShare"/> of the idle power, 0 by default). Network: bytes × Aslan's per-GB intensity for <see cref="EnergyModelOptions.NetworkYear"/>
/// (+ an optional per-GB·km term). Carbon: energy × the site's grid intensity.
/// </summary>
public sealed class EnergyModel
{
    private const double BytesPerGB = 1e9;
    private readonly double _networkJoulesPerByte;
    private readonly double _networkJoulesPerByteKm;

    public EnergyModel()
        : this(EnergyModelOptions.Default)
    {
    }

    public EnergyModel(EnergyModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        _networkJoulesPerByte = EnergyModelOptions.AslanKWhPerGB(options.NetworkYear) * EnergyModelOptions.JoulesPerKWh / BytesPerGB;
        _networkJoulesPerByteKm = options.NetworkJoulesPerGBKm / BytesPerGB;
    }

    public EnergyModelOptions Options { get; }

    /// <summary>Network energy per byte, whatever the distance (6.75e-6 J/B for 2025).</summary>
    public double NetworkJoulesPerByte => _networkJoulesPerByte;

    /// <summary>Facility energy of running <paramref name="cores"/> cores for <paramref name="execMs"/> at <paramref name="site"/>, J.</summary>
    /// <remarks>Energy profile watts are the whole site's IT power at idle and at full load over all its cores.</remarks>
    public double ComputeJoules(Site site, double execMs, double cores)
    {
        ArgumentNullException.ThrowIfNull(site);
        var e = site.Energy;
        double watts = Math.Max(0, e.PeakWatts - e.IdleWatts) + (Options.IdleShare * e.IdleWatts);
        double wattsPerCore = site.Capacity.Cores > 0 ? watts / site.Capacity.Cores : 0;
        return wattsPerCore * cores * (execMs / 1000) * e.Pue;
    }

    /// <summary>Network energy of moving <paramref name="bytes"/> over <paramref name="distanceKm"/> of great-circle distance, J.</summary>
    public double NetworkJoules(double bytes, double distanceKm) =>
        bytes * (_networkJoulesPerByte + (_networkJoulesPerByteKm * distanceKm));

    /// <summary>Grams of CO2 for <paramref name="joules"/> drawn at <paramref name="site"/>'s grid intensity.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "Part of the model's instance API beside ComputeJoules and NetworkJoules.")]
    public double CarbonGrams(Site site, double joules)
    {
        ArgumentNullException.ThrowIfNull(site);
        return joules / EnergyModelOptions.JoulesPerKWh * site.Energy.GridCarbonGramsPerKWh;
    }
}
