using System.Text;
using Bunsan.Tests;

namespace Bunsan.Executor.Tests;

/// <summary>Hostile and runaway modules: each must fail its own invocation, clearly, and nothing else.</summary>
public sealed class SandboxLimitTests : IDisposable
{
    private readonly TestSite _site = new();

    public void Dispose() => _site.Dispose();

    [Fact]
    public async Task Invoke_InfiniteLoop_StoppedByFuelWhileOtherInvocationsComplete()
    {
        ModuleDigest loop = _site.Add(HostileModules.InfiniteLoop);
        ModuleDigest echo = _site.Add(ExampleFunctions.Echo);
        var loopLimits = ExecutionLimits.Default with { Fuel = 300_000_000 };

        Task<InvocationResult> runaway = Task.Run(() => _site.Invoke(loop, "spin", loopLimits), TestContext.Current.CancellationToken);
        var echoes = new List<InvocationResult>();
        for (int i = 0; i < 100; i++)
        {
            echoes.Add(_site.Invoke(echo, $"still here {i}"));
        }
        InvocationResult stopped = await runaway;

        Assert.All(echoes, (result, i) => Assert.Equal($"still here {i}", Encoding.UTF8.GetString(result.Output)));
        Assert.Equal(InvocationStatus.CpuLimitExceeded, stopped.Status);
        Assert.Equal(loopLimits.Fuel, stopped.FuelUsed);
        Assert.Contains("used all 300,000,000 fuel", stopped.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Invoke_SpinningStartFunction_StoppedByFuel()
    {
        ModuleDigest spinner = _site.Add(HostileModules.SpinningStart);

        InvocationResult result = _site.Invoke(spinner, "x", ExecutionLimits.Default with { Fuel = 1_000_000 });

        Assert.Equal(InvocationStatus.CpuLimitExceeded, result.Status);
    }

    [Fact]
    public void Invoke_MemoryHog_StoppedAtMemoryLimit()
    {
        ModuleDigest hog = _site.Add(HostileModules.MemoryHog);
        ModuleDigest echo = _site.Add(ExampleFunctions.Echo);
        var limits = ExecutionLimits.Default with { MemoryBytes = 4L << 20 };

        InvocationResult result = _site.Invoke(hog, "more", limits);

        Assert.Equal(InvocationStatus.MemoryLimitExceeded, result.Status);
        Assert.Contains("memory at 4,194,304 bytes, the 4,194,304-byte limit", result.Error, StringComparison.Ordinal);
        Assert.Equal("after", Encoding.UTF8.GetString(_site.Invoke(echo, "after", limits).Output));
    }

    [Fact]
    public void Invoke_InitialMemoryOverLimit_RefusedBeforeInstantiating()
    {
        ModuleDigest huge = _site.Add(HostileModules.HugeInitialMemory);

        InvocationResult result = _site.Invoke(huge, "x", ExecutionLimits.Default with { MemoryBytes = 16L << 20 });

        Assert.Equal(InvocationStatus.MemoryLimitExceeded, result.Status);
        Assert.Contains("starts with 65,536,000 bytes of memory", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(nameof(HostileModules.AllocOutOfBounds), "alloc(5) returned 4294967280, which does not fit in its 65,536-byte memory")]
    [InlineData(nameof(HostileModules.OutputPastEnd), "handle returned 1,000 bytes at 65000, outside its 65,536-byte memory")]
    [InlineData(nameof(HostileModules.OutputWrapsAround), "handle returned 2 bytes at 4294967295, outside its 65,536-byte memory")]
    [InlineData(nameof(HostileModules.HugeOutput), "handle returned 2,147,483,647 output bytes, over the 1,048,576-byte limit")]
    public void Invoke_PointerOrLengthOutsideMemory_AbiViolation(string module, string expected)
    {
        string wat = (string)typeof(HostileModules).GetProperty(module)!.GetValue(null)!;
        ModuleDigest hostile = _site.Add(wat);

        InvocationResult result = _site.Invoke(hostile, "hello");

        Assert.Equal(InvocationStatus.AbiViolation, result.Status);
        Assert.Equal(expected, result.Error);
        Assert.Empty(result.Output);
    }

    [Theory]
    [InlineData(nameof(HostileModules.StackOverflow), "call stack exhausted")]
    [InlineData(nameof(HostileModules.DivideByZero), "integer divide by zero")]
    public void Invoke_Trapping_TrapNamingTheCause(string module, string cause)
    {
        string wat = (string)typeof(HostileModules).GetProperty(module)!.GetValue(null)!;
        ModuleDigest trapping = _site.Add(wat);

        InvocationResult result = _site.Invoke(trapping, "");

        Assert.Equal(InvocationStatus.Trap, result.Status);
        Assert.Contains(cause, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_AllInstanceSlotsTaken_Busy()
    {
        using var site = new TestSite(new SandboxOptions { MaxConcurrentInstances = 1 });
        ModuleDigest loop = site.Add(HostileModules.InfiniteLoop);
        ModuleDigest echo = site.Add(ExampleFunctions.Echo);

        // The runaway holds the only slot for ~2 billion instructions (seconds); echo until it is seen busy.
        var spinLimits = ExecutionLimits.Default with { Fuel = 2_000_000_000 };
        InvocationResult echoed;
        InvocationResult spun;
        do
        {
            Task<InvocationResult> runaway = Task.Run(() => site.Invoke(loop, "spin", spinLimits), TestContext.Current.CancellationToken);
            do
            {
                echoed = site.Invoke(echo, "x");
            }
            while (echoed.Status == InvocationStatus.Ok && !runaway.IsCompleted);
            spun = await runaway;
        }
        while (spun.Status == InvocationStatus.Busy); // An echo held the slot when the runaway started: start it again.

        Assert.Equal(InvocationStatus.Busy, echoed.Status);
        Assert.Equal("all 1 instance slots are in use: retry later or on another site", echoed.Error);
        Assert.Equal(InvocationStatus.Ok, site.Invoke(echo, "x").Status);
    }
}
