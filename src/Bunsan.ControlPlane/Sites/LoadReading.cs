using System.Collections.Immutable;

namespace Bunsan.ControlPlane.Sites;

/// <summary>
/// A heartbeat's figures as plain values, kept by site grains and the <see cref="LiveSiteTable"/> instead of the
/// <see cref="SiteLoad"/> object they arrived in. At 10,000 heartbeats a second, storing each new object into
/// long-lived ones (the grain, the table's entry) left every gen0 collection 10,000 fresh references from old objects
/// to trace and their targets to promote: gen0 pauses of 32 ms at the median, 10 ms of it marking through the old
/// generation's cards (bench control-plane-scale, BENCHMARKS.md §10). Values written in place are not references, so
/// the collector never sees them. The ingress list stays a reference, and the previous one is kept while equal.
/// </summary>
internal readonly record struct LoadReading(double Utilisation, double QueueMs, DateTimeOffset MeasuredAt, ImmutableArray<FunctionIngress> Ingress)
{
    /// <summary>The figures of <paramref name="load"/>, reusing <paramref name="previous"/>'s ingress list when it reports the same rates.</summary>
    public static LoadReading Of(SiteLoad load, LoadReading? previous)
    {
        ArgumentNullException.ThrowIfNull(load);
        ImmutableArray<FunctionIngress> ingress = previous is { } last && SameIngress(last.Ingress, load.Ingress) ? last.Ingress : load.Ingress;
        return new LoadReading(load.Utilisation, load.QueueMs, load.MeasuredAt, ingress);
    }

    /// <summary>The heartbeat's load as the API and placement read it (a new object each time: callers hold it briefly).</summary>
    public SiteLoad ToLoad() => new(Utilisation, QueueMs, MeasuredAt, Ingress);

    private static bool SameIngress(ImmutableArray<FunctionIngress> a, ImmutableArray<FunctionIngress> b)
    {
        ReadOnlySpan<FunctionIngress> x = a.IsDefault ? [] : a.AsSpan(), y = b.IsDefault ? [] : b.AsSpan();
        if (a.IsDefault != b.IsDefault || x.Length != y.Length)
        {
            return false;
        }
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i] != y[i])
            {
                return false;
            }
        }
        return true;
    }
}
