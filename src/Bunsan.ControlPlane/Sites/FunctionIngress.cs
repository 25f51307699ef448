using System.Collections.Immutable;

namespace Bunsan.ControlPlane.Sites;

/// <summary>Requests per second entering a site from clients for one function, as its agent measured them (smoothed).</summary>
[GenerateSerializer, Immutable, Alias("bunsan.function-ingress")]
public sealed record FunctionIngress([property: Id(0)] string Function, [property: Id(1)] double Rps)
{
    /// <summary>Ten million requests a second at one site is a lie or a bug, not a measurement.</summary>
    public const double MaxRps = 10_000_000;

    /// <summary>The rate of <paramref name="function"/> among <paramref name="rates"/>; 0 when it is not there (or none were reported).</summary>
    public static double RpsIn(ImmutableArray<FunctionIngress> rates, string function)
    {
        foreach (FunctionIngress entry in rates.IsDefault ? [] : rates)
        {
            if (entry.Function == function)
            {
                return entry.Rps;
            }
        }
        return 0;
    }
}
