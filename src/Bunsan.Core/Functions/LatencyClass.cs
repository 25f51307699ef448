using System.Globalization;

namespace Bunsan.Core.Functions;

/// <summary>
/// A response-time class from Japan's digital-infrastructure strategy, or a custom budget.
/// The budget is the end-to-end time from the origin's request to its answer.
/// </summary>
public sealed record LatencyClass(string Name, double BudgetMs)
{
    public static readonly LatencyClass Realtime = new("realtime", 10);
    public static readonly LatencyClass Immersive = new("immersive", 15);
    public static readonly LatencyClass Control = new("control", 100);
    public static readonly LatencyClass Interactive = new("interactive", 500);

    /// <summary>No deadline: placed for energy first.</summary>
    public static readonly LatencyClass Batch = new("batch", double.PositiveInfinity);

    public static IReadOnlyList<LatencyClass> Named { get; } = [Realtime, Immersive, Control, Interactive, Batch];

    public bool HasDeadline => !double.IsPositiveInfinity(BudgetMs);

    /// <summary>Parses a class name (realtime, immersive, control, interactive, batch) or a custom budget such as "250" or "250ms".</summary>
    public static bool TryParse(string? text, out LatencyClass latencyClass, out string? error)
    {
        string t = (text ?? "").Trim().ToLowerInvariant();
        foreach (var named in Named)
        {
            if (named.Name == t)
            {
                latencyClass = named;
                error = null;
                return true;
            }
        }
        string digits = t.EndsWith("ms", StringComparison.Ordinal) ? t[..^2] : t;
        if (double.TryParse(digits, NumberStyles.Float, CultureInfo.InvariantCulture, out double ms) && double.IsFinite(ms) && ms > 0 && ms <= 3_600_000)
        {
            latencyClass = new LatencyClass(FormattableString.Invariant($"{ms:0.###}ms"), ms);
            error = null;
            return true;
        }
        latencyClass = Batch;
        error = $"'{text}' is not a latency class: use realtime, immersive, control, interactive, batch, or a budget in ms such as 250ms (0 < budget <= 3600000)";
        return false;
    }

    public override string ToString() => Name;
}
