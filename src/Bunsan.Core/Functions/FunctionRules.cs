using System.Buffers;
using static Bunsan.Core.Documents.ValueRules;

namespace Bunsan.Core.Functions;

/// <summary>
/// The value rules for a function's fields. Each returns null when the value is fine, else the
/// problem and its fix, worded to follow the field's name: "is 0: use a number > 0 and <= 3600000".
/// </summary>
internal static class FunctionRules
{
    private const string DigestPrefix = "sha256:";
    private static readonly SearchValues<char> LowerHex = SearchValues.Create("0123456789abcdef");

    /// <summary>An hour: the longest any function may run (the same ceiling as a custom latency budget).</summary>
    public static string? ExecutionMs(double value) => Positive(value, 3_600_000);

    /// <summary>Fractions of a core are fine (a 1 ms function uses 0.1 core at 100 req/s); one invocation above 1,024 cores is a typo.</summary>
    public static string? Cores(double value) => Positive(value, 1024);

    /// <summary>Up to 1 TiB per invocation.</summary>
    public static string? MemoryMiB(double value) => Positive(value, 1_048_576);

    public static string? Replicas(double value) => WholeNumber(value, 1, 1_000_000);

    public static string? ModuleDigest(string value)
    {
        bool valid = value.Length == DigestPrefix.Length + 64
            && value.StartsWith(DigestPrefix, StringComparison.Ordinal)
            && value.AsSpan(DigestPrefix.Length).ContainsAnyExcept(LowerHex) is false;
        return valid ? null : Show(value) + " is not a module digest: write sha256: followed by 64 lowercase hex digits (sha256sum module.wasm)";
    }

    /// <summary>Longer than any sensible relative path; a longer value is a generated mistake.</summary>
    public const int MaxModulePathLength = 1024;

    /// <summary>
    /// A module file beside the catalog: relative, ending .wat or .wasm, no control characters. Relative only, so a
    /// catalog cannot point an agent at an arbitrary absolute file; ".." is allowed (examples/functions/ sits beside
    /// a catalog's folder), the file must still be a valid module whose digest matches when one is given.
    /// </summary>
    public static string? ModulePath(string value)
    {
        if (value.Length == 0 || value.Length > MaxModulePathLength)
        {
            return $"is {value.Length} characters long: write a relative path of 1 to {MaxModulePathLength} characters, e.g. functions/echo.wat";
        }
        if (value.Any(char.IsControl) || Path.IsPathRooted(value) || value.Contains(':', StringComparison.Ordinal))
        {
            return Show(value) + " is not a relative path: write it relative to the catalog's folder, e.g. functions/echo.wat";
        }
        return value.EndsWith(".wat", StringComparison.Ordinal) || value.EndsWith(".wasm", StringComparison.Ordinal) ? null
            : Show(value) + " is not a module file: name a .wat (WebAssembly text) or .wasm (binary) file";
    }

    public static string? P99AtLeastP50(ExecutionTime time) =>
        time.P99Ms >= time.P50Ms ? null
        : $"is {Show(time.P99Ms)}, below p50_ms {Show(time.P50Ms)}: the 99th percentile cannot be faster than the median";

    /// <summary>A p99 above the budget misses the deadline even at the origin itself, so no placement can help.</summary>
    public static string? P99WithinBudget(ExecutionTime time, LatencyClass? latencyClass) =>
        latencyClass is null || !latencyClass.HasDeadline || time.P99Ms <= latencyClass.BudgetMs ? null
        : $"is {Show(time.P99Ms)}, above the {latencyClass.Name} budget of {Show(latencyClass.BudgetMs)} ms: no site could meet the deadline; speed the function up or choose a longer class";
}
