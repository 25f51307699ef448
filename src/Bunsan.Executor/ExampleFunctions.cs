using System.Reflection;

namespace Bunsan.Executor;

/// <summary>
/// The WebAssembly text of the functions in examples/functions/, embedded at build time so an agent,
/// the tests and the benchmarks can host them without a checkout. Add one with
/// <see cref="ModuleStore.AddText"/>.
/// </summary>
public static class ExampleFunctions
{
    /// <summary>Returns its input unchanged.</summary>
    public static string Echo => Load("echo");

    /// <summary>f32 threshold + f32 readings → "ok" or "alert N".</summary>
    public static string Threshold => Load("threshold");

    /// <summary>u32 N → number of primes below N (u32), by trial division: CPU-bound.</summary>
    public static string Primes => Load("primes");

    private static string Load(string name)
    {
        using Stream stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"Bunsan.Executor.Examples.{name}.wat")
            ?? throw new InvalidOperationException($"examples/functions/{name}.wat was not embedded: check Bunsan.Executor.csproj");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
