using System.Collections.Immutable;
using Bunsan.Core.Functions;

namespace Bunsan.ControlPlane.Sites;

/// <summary>A site's load as its agent reports it in each heartbeat (by default every second).</summary>
/// <param name="Utilisation">Fraction of the site's cores busy, 0 to 1.</param>
/// <param name="QueueMs">The executor's estimate of queue wait for a new invocation, in ms.</param>
/// <param name="MeasuredAt">The agent's clock when it measured; shown, never compared with the control plane's clock.</param>
/// <param name="Ingress">Client requests per second entering the site, per function; empty when none (or an older agent).</param>
[GenerateSerializer, Immutable, Alias("bunsan.site-load")]
public sealed record SiteLoad(
    [property: Id(0)] double Utilisation,
    [property: Id(1)] double QueueMs,
    [property: Id(2)] DateTimeOffset MeasuredAt,
    [property: Id(3)] ImmutableArray<FunctionIngress> Ingress = default)
{
    /// <summary>An hour of queue is a stuck or lying agent, not a load figure.</summary>
    public const double MaxQueueMs = 3_600_000;

    /// <summary>More functions than any catalog holds: a flood, refused before it reaches placement.</summary>
    public const int MaxIngressFunctions = 4_096;

    /// <summary>The ingress entries (never default).</summary>
    public ImmutableArray<FunctionIngress> IngressOrEmpty => Ingress.IsDefault ? [] : Ingress;

    /// <summary>This site's ingress of <paramref name="function"/> in requests per second; 0 when it reported none.</summary>
    public double IngressOf(string function) => FunctionIngress.RpsIn(Ingress, function);

    /// <summary>Every problem, each naming the field and the fix; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>(2);
        if (!double.IsFinite(Utilisation) || Utilisation is < 0 or > 1)
        {
            errors.Add(FormattableString.Invariant($"utilisation is {Utilisation}: use a fraction from 0 to 1"));
        }
        if (!double.IsFinite(QueueMs) || QueueMs is < 0 or > MaxQueueMs)
        {
            errors.Add(FormattableString.Invariant($"queue_ms is {QueueMs}: use milliseconds from 0 to {MaxQueueMs}"));
        }
        ValidateIngress(errors);
        return errors;
    }

    private void ValidateIngress(List<string> errors)
    {
        ImmutableArray<FunctionIngress> ingress = IngressOrEmpty;
        if (ingress.Length > MaxIngressFunctions)
        {
            errors.Add($"ingress has {ingress.Length} entries: report at most {MaxIngressFunctions} functions");
            return;
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (FunctionIngress entry in ingress)
        {
            if (entry?.Function is null)
            {
                errors.Add("ingress has an entry without a function: send function and rps");
                return;
            }
            if (FunctionValidator.NameProblem(entry.Function) is { } problem)
            {
                errors.Add("ingress.function " + problem);
                return;
            }
            if (!seen.Add(entry.Function))
            {
                errors.Add($"ingress names '{entry.Function}' twice: send one rate per function");
                return;
            }
            if (!double.IsFinite(entry.Rps) || entry.Rps is < 0 or > FunctionIngress.MaxRps)
            {
                errors.Add(FormattableString.Invariant($"ingress.rps of '{entry.Function}' is {entry.Rps}: use requests per second from 0 to {FunctionIngress.MaxRps}"));
                return;
            }
        }
    }
}
