using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Diagnostics;
using Bunsan.Executor;
using Bunsan.Placement.Admission;

namespace Bunsan.Agent;

/// <summary>What happened to an invocation at this site: refused by admission, or run (successfully or not).</summary>
/// <param name="Verdict">Admission's verdict; on a refusal its predicted wait is the load signal gateways learn from.</param>
/// <param name="Result">The executor's outcome; default when refused.</param>
public readonly record struct LocalOutcome(AdmissionVerdict Verdict, InvocationResult Result, double QueueMs, double ExecMs)
{
    public bool Admitted => Verdict.Admitted;
}

/// <summary>
/// The site's executor behind admission: admits against the site's <see cref="CorePool"/>, waits for cores,
/// runs the function in a fresh sandbox, and measures queue and execution time for the response headers.
/// </summary>
public sealed class LocalExecution(
    FunctionExecutor executor, CorePool queue, FrozenDictionary<string, ModuleDigest> digests, long memoryCeilingBytes, ExecutionEmulation? emulation = null)
{
    private readonly ConcurrentDictionary<string, ExecutionLimits> _limits = new(StringComparer.Ordinal);

    /// <summary>The site's cores (heartbeats report their load).</summary>
    public CorePool Cores => queue;

    /// <summary>The same executor and cores with another set of hosted modules (a new plan arrived).</summary>
    public LocalExecution WithModules(FrozenDictionary<string, ModuleDigest> hosted) => new(executor, queue, hosted, memoryCeilingBytes, emulation);

    /// <summary>The functions whose modules this site holds.</summary>
    public IEnumerable<string> Hosted => digests.Keys;

    /// <summary>Whether this site holds the function's module.</summary>
    public bool Hosts(string function) => digests.ContainsKey(function);

    public async ValueTask<LocalOutcome> RunAsync(FunctionRoute function, InvocationInput input, double remainingBudgetMs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(function);
        double cores = function.Spec.Resources.Cores;
        AdmissionVerdict verdict = queue.TryAdmit(cores, function.ExpectedExecMs, remainingBudgetMs, out CorePool.CoreLease? lease);
        if (!verdict.Admitted)
        {
            return new LocalOutcome(verdict, default, verdict.PredictedQueueWaitMs, 0);
        }
        using (lease)
        {
            long admittedAt = Stopwatch.GetTimestamp();
            await lease!.WaitAsync(cancellationToken).ConfigureAwait(false);
            double queueMs = Stopwatch.GetElapsedTime(admittedAt).TotalMilliseconds;
            long startedAt = Stopwatch.GetTimestamp();
            InvocationResult result = executor.Invoke(digests[function.Name], input.Body.Span, _limits.GetOrAdd(function.Name, _ => LimitsFor(function)));
            double execMs = Stopwatch.GetElapsedTime(startedAt).TotalMilliseconds;
            if (emulation is not null && result.Succeeded)
            {
                double target = input.EmulatedExecMs ?? ExecutionEmulation.SampleMs(function.Spec.Execution, Random.Shared);
                await emulation.WaitAsync(target, execMs, cancellationToken).ConfigureAwait(false);
                execMs = Stopwatch.GetElapsedTime(startedAt).TotalMilliseconds;
            }
            return new LocalOutcome(verdict, result, queueMs, execMs);
        }
    }

    /// <summary>The function's memory_mib is its memory limit (capped at the sandbox's ceiling); CPU is the default fuel.</summary>
    private ExecutionLimits LimitsFor(FunctionRoute function) => new()
    {
        MemoryBytes = Math.Min(memoryCeilingBytes, (long)(function.Spec.Resources.MemoryMiB * (1 << 20))),
    };
}
