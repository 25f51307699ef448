using Bunsan.Core.Functions;

namespace Bunsan.Agent;

/// <summary>
/// Emulated execution time, for federations of many agents on one machine (`bunsan demo`): after the real run, the
/// invocation keeps its cores until a time drawn from the function's spec (lognormal with the spec's p50 and p99,
/// the simulator's shape) has passed, on the precise delay line. Sites then fill up at the rate their declared cores
/// allow, not at the rate the one machine's shared cores happen to give.
/// </summary>
public sealed class ExecutionEmulation(ILinkDelay delay)
{
    /// <summary>A draw of the function's execution time, ms.</summary>
    public static double SampleMs(ExecutionTime execution, Random random)
    {
        ArgumentNullException.ThrowIfNull(execution);
        ArgumentNullException.ThrowIfNull(random);
        // Box–Muller: one standard normal from two uniforms.
        double normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        return execution.LognormalMedianMs() * Math.Exp(execution.LognormalSigma() * normal);
    }

    /// <summary>Holds on until <paramref name="targetMs"/> has passed since the run began (<paramref name="elapsedMs"/> ago).</summary>
    public ValueTask WaitAsync(double targetMs, double elapsedMs, CancellationToken cancellationToken) =>
        targetMs > elapsedMs ? delay.DelayAsync(TimeSpan.FromMilliseconds(targetMs - elapsedMs), cancellationToken) : ValueTask.CompletedTask;
}
