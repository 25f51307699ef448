using System.Buffers.Binary;
using System.Text;

namespace Bunsan.Executor.Tests;

public sealed class FunctionExecutorTests : IDisposable
{
    private readonly TestSite _site = new();

    public void Dispose() => _site.Dispose();

    [Theory]
    [InlineData("")]
    [InlineData("hello, edge")]
    public void Invoke_Echo_ReturnsInput(string input)
    {
        ModuleDigest echo = _site.Add(ExampleFunctions.Echo);

        InvocationResult result = _site.Invoke(echo, input);

        Assert.Equal(InvocationStatus.Ok, result.Status);
        Assert.Null(result.Error);
        Assert.Equal(input, Encoding.UTF8.GetString(result.Output));
        Assert.True(result.FuelUsed > 0);
    }

    [Fact]
    public void Invoke_EchoOfInputLargerThanInitialMemory_GrowsAndReturnsInput()
    {
        ModuleDigest echo = _site.Add(ExampleFunctions.Echo);
        byte[] input = new byte[200_000];
        new Random(3).NextBytes(input);

        InvocationResult result = _site.Executor.Invoke(echo, input, ExecutionLimits.Default);

        Assert.Equal(InvocationStatus.Ok, result.Status);
        Assert.Equal(input, result.Output);
    }

    [Theory]
    [InlineData(new[] { 30f, 12.5f, 29.9f, 30f }, "ok")]
    [InlineData(new[] { 30f, 31f, 12.5f, 45f, 30.01f }, "alert 3")]
    [InlineData(new[] { 0f, 1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f, 10f, 11f }, "alert 11")]
    [InlineData(new[] { 30f }, "ok")]
    public void Invoke_Threshold_ReportsReadingsAboveThreshold(float[] thresholdThenReadings, string expected)
    {
        ModuleDigest threshold = _site.Add(ExampleFunctions.Threshold);
        byte[] input = new byte[thresholdThenReadings.Length * 4];
        for (int i = 0; i < thresholdThenReadings.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(input.AsSpan(i * 4), thresholdThenReadings[i]);
        }

        InvocationResult result = _site.Executor.Invoke(threshold, input, ExecutionLimits.Default);

        Assert.Equal(InvocationStatus.Ok, result.Status);
        Assert.Equal(expected, Encoding.ASCII.GetString(result.Output));
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 1, 2, 3, 4, 5 })]
    public void Invoke_ThresholdWithMalformedReadings_ExplainsInput(byte[] input)
    {
        ModuleDigest threshold = _site.Add(ExampleFunctions.Threshold);

        InvocationResult result = _site.Executor.Invoke(threshold, input, ExecutionLimits.Default);

        Assert.Equal(InvocationStatus.Ok, result.Status);
        Assert.Equal("error: need a threshold and readings as f32", Encoding.ASCII.GetString(result.Output));
    }

    [Theory]
    [InlineData(0u, 0u)]
    [InlineData(3u, 1u)]
    [InlineData(100u, 25u)]
    [InlineData(1_000u, 168u)]
    [InlineData(100_000u, 9_592u)]
    public void Invoke_Primes_CountsPrimesBelowN(uint n, uint expected)
    {
        ModuleDigest primes = _site.Add(ExampleFunctions.Primes);
        byte[] input = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(input, n);

        InvocationResult result = _site.Executor.Invoke(primes, input, ExecutionLimits.Default);

        Assert.Equal(InvocationStatus.Ok, result.Status);
        Assert.Equal(expected, BinaryPrimitives.ReadUInt32LittleEndian(result.Output));
    }

    [Fact]
    public void Invoke_PrimesWithMoreWork_UsesMoreFuel()
    {
        ModuleDigest primes = _site.Add(ExampleFunctions.Primes);

        ulong small = _site.Executor.Invoke(primes, BitConverter.GetBytes(1_000u), ExecutionLimits.Default).FuelUsed;
        ulong large = _site.Executor.Invoke(primes, BitConverter.GetBytes(10_000u), ExecutionLimits.Default).FuelUsed;

        Assert.True(large > 10 * small, $"primes below 10,000 used {large} fuel, below 1,000 used {small}");
    }

    [Fact]
    public void Invoke_InputOverLimit_RefusedBeforeRunning()
    {
        ModuleDigest echo = _site.Add(ExampleFunctions.Echo);
        var limits = ExecutionLimits.Default with { MaxInputBytes = 16 };

        InvocationResult result = _site.Invoke(echo, "seventeen bytes!!", limits);

        Assert.Equal(InvocationStatus.InputTooLarge, result.Status);
        Assert.Equal("input is 17 bytes, over the 16-byte limit", result.Error);
        Assert.Equal(0ul, result.FuelUsed);
    }

    [Fact]
    public void Invoke_UnknownDigest_ModuleNotFound()
    {
        ModuleDigest unknown = ModuleDigest.Compute(Encoding.ASCII.GetBytes("never added"));

        InvocationResult result = _site.Invoke(unknown, "x");

        Assert.Equal(InvocationStatus.ModuleNotFound, result.Status);
        Assert.Contains(unknown.ToString(), result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Invoke_MemoryLimitAboveSandboxCeiling_Throws()
    {
        ModuleDigest echo = _site.Add(ExampleFunctions.Echo);
        var limits = ExecutionLimits.Default with { MemoryBytes = _site.Engine.Options.MemoryCeilingBytes + 1 };

        Assert.Throws<ArgumentOutOfRangeException>(() => _site.Invoke(echo, "x", limits));
    }

    [Fact]
    public void Invoke_ManyThreadsAtOnce_EachGetsItsOwnOutput()
    {
        ModuleDigest echo = _site.Add(ExampleFunctions.Echo);
        ModuleDigest primes = _site.Add(ExampleFunctions.Primes);
        const int Threads = 8;
        const int PerThread = 200;

        string[][] outputs = new string[Threads][];
        Parallel.For(0, Threads, new ParallelOptions { MaxDegreeOfParallelism = Threads }, thread =>
        {
            outputs[thread] = new string[PerThread];
            for (int i = 0; i < PerThread; i++)
            {
                InvocationResult result = i % 10 == 0
                    ? _site.Executor.Invoke(primes, BitConverter.GetBytes(1_000u), ExecutionLimits.Default)
                    : _site.Invoke(echo, $"{thread}/{i}");
                outputs[thread][i] = result.Succeeded
                    ? (i % 10 == 0 ? BitConverter.ToUInt32(result.Output).ToString(System.Globalization.CultureInfo.InvariantCulture) : Encoding.UTF8.GetString(result.Output))
                    : result.Error!;
            }
        });

        for (int thread = 0; thread < Threads; thread++)
        {
            for (int i = 0; i < PerThread; i++)
            {
                Assert.Equal(i % 10 == 0 ? "168" : $"{thread}/{i}", outputs[thread][i]);
            }
        }
        Assert.Equal(2, _site.Modules.Compilations);
    }
}
