using System.Text.Json.Serialization;

namespace Bunsan.Core.Latency;

/// <summary>Absolute errors |predicted − measured| over a set of held-out pairs, in ms.</summary>
/// <param name="MedianSignedMs">Median of predicted − measured: below 0 the model is optimistic.</param>
public sealed record ErrorStats(int Pairs, double MedianAbsMs, double P90AbsMs, double MedianSignedMs)
{
    public static ErrorStats Empty { get; } = new(0, double.NaN, double.NaN, double.NaN);
}

/// <summary>Held-out errors overall and at the short ranges Bunsan works at.</summary>
public sealed record HeldOutErrors(
    ErrorStats All,
    [property: JsonPropertyName("under_1000_km")] ErrorStats Under1000Km,
    [property: JsonPropertyName("under_3000_km")] ErrorStats Under3000Km);

/// <summary>What <see cref="LatencyFit"/> produced: the parameters, the split and the held-out errors next to the physical bound's.</summary>
/// <param name="UnorderedPairs">Server pairs with a measurement in at least one direction (self-pings excluded).</param>
public sealed record LatencyFitResult(
    PiecewiseLatencyParameters Parameters,
    int UnorderedPairs,
    int TrainingPairs,
    int HeldOutPairs,
    int SelfPingsIgnored,
    HeldOutErrors Model,
    HeldOutErrors PhysicalBound);
