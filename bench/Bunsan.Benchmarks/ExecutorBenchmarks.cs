using BenchmarkDotNet.Attributes;
using Bunsan.Executor;
using Wasmtime;

namespace Bunsan.Benchmarks;

/// <summary>
/// The price of isolation: invoking the cached echo function in a fresh store + instance (what
/// <see cref="FunctionExecutor"/> does for every invocation), against calling a warm instance that stays
/// alive (the baseline: same 64-byte copy in, call, copy out). Issue 3's target: fresh ≤ 50 µs p50.
/// Run: dotnet run -c Release --project bench/Bunsan.Benchmarks -- --filter '*ExecutorBenchmarks*' --job short
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class ExecutorBenchmarks
{
    private const int InputAt = 1024;
    private readonly byte[] _input = new byte[64];
    private string _directory = null!;
    private SandboxEngine _engine = null!;
    private ModuleStore _modules = null!;
    private FunctionExecutor _executor = null!;
    private ModuleDigest _echo;
    private Engine _warmEngine = null!;
    private Store _warmStore = null!;
    private Memory _warmMemory = null!;
    private Func<int, int, long> _warmHandle = null!;

    [GlobalSetup]
    public void Setup()
    {
        new Random(1).NextBytes(_input);
        _directory = Path.Combine(Path.GetTempPath(), "bunsan-executor-bench", Guid.NewGuid().ToString("N"));
        _engine = new SandboxEngine();
        _modules = new ModuleStore(_engine, _directory);
        _executor = new FunctionExecutor(_modules);
        _echo = _modules.AddText(ExampleFunctions.Echo).Digest!.Value;

        // Fuel metering on, as in the sandbox, so the ratio is the cost of the fresh instance alone.
        using var config = new Config().WithFuelConsumption(true);
        _warmEngine = new Engine(config);
        using var module = Module.FromText(_warmEngine, "echo", ExampleFunctions.Echo);
        _warmStore = new Store(_warmEngine);
        _warmStore.Fuel = ulong.MaxValue;
        var instance = new Instance(_warmStore, module);
        _warmMemory = instance.GetMemory("memory")!;
        _warmHandle = instance.GetFunction<int, int, long>("handle")!;
    }

    [Benchmark(Baseline = true)]
    public byte[] WarmInstanceCall()
    {
        _input.CopyTo(_warmMemory.GetSpan(InputAt, _input.Length));
        ulong packed = (ulong)_warmHandle(InputAt, _input.Length);
        return _warmMemory.GetSpan((long)(packed >> 32), (int)(uint)packed).ToArray();
    }

    [Benchmark]
    public byte[] FreshInstanceCall() => _executor.Invoke(_echo, _input, ExecutionLimits.Default).Output;

    [GlobalCleanup]
    public void Cleanup()
    {
        _warmStore.Dispose();
        _warmEngine.Dispose();
        _modules.Dispose();
        _engine.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
