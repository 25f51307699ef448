using System.Diagnostics;
using System.Text;
using Bunsan.Ledger.Store;

namespace Bunsan.Ledger.Tests.Store;

/// <summary>
/// Crash safety with a real process: a child appends from many callers and is killed (SIGKILL) mid-append.
/// Reopening must find a log that matches its checkpoint, holding every entry the child saw acknowledged, each at
/// the index it was given. (A process kill, not a power cut: synchronous=FULL is what covers the latter.)
/// </summary>
public sealed class LedgerCrashTests : IDisposable
{
    private const string DirVariable = "BUNSAN_LEDGER_CRASH_DIR";
    private const string Origin = "bunsan.test/crash";
    private readonly string _dir = Directory.CreateTempSubdirectory("bunsan-ledger-crash-").FullName;

    [Fact]
    public async Task KilledMidAppend_ReopensVerified_WithEveryAcknowledgedEntry()
    {
        string acked = Path.Combine(_dir, "acked.txt");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string arg in (string[])["exec", Path.Combine(AppContext.BaseDirectory, "Bunsan.Ledger.Tests.dll"),
            "-method", $"{typeof(LedgerCrashTests).FullName}.{nameof(Child_AppendsUntilKilled)}", "-explicit", "only"])
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment[DirVariable] = _dir;
        using var child = Process.Start(start)!;
        _ = child.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        _ = child.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);

        // Wait on the child's own progress, not the clock: kill once it has had thousands of appends acknowledged.
        var deadline = Stopwatch.StartNew();
        while (CountLines(acked) < 3000)
        {
            Assert.False(child.HasExited, $"the child exited early with code {(child.HasExited ? child.ExitCode : 0)}");
            Assert.True(deadline.Elapsed < TimeSpan.FromMinutes(2), "the child made no progress");
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
        child.Kill(entireProcessTree: true);
        await child.WaitForExitAsync(TestContext.Current.CancellationToken);

        await using var store = LedgerStore.Open(new LedgerStoreOptions { DatabasePath = Path.Combine(_dir, "ledger.db"), Origin = Origin });
        ulong size = store.GetCheckpoint().Checkpoint.Size;
        var acknowledged = File.ReadAllLines(acked).Where(l => l.EndsWith(';')).Select(l => l.TrimEnd(';').Split(' ')).ToList();
        Assert.True(acknowledged.Count >= 3000);
        foreach (string[] ack in acknowledged)
        {
            ulong index = ulong.Parse(ack[0], System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(index < size, $"acknowledged entry {index} is beyond the recovered checkpoint size {size}");
            var stored = await store.GetEntriesAsync(index, index + 1, TestContext.Current.CancellationToken);
            Assert.Equal(ack[1], Encoding.UTF8.GetString(stored[0].Entry));
        }
    }

    /// <summary>The child's side; runs only when the crash test starts it (explicit, with the directory set).</summary>
    [Fact(Explicit = true)]
    public async Task Child_AppendsUntilKilled()
    {
        string dir = Environment.GetEnvironmentVariable(DirVariable) ?? throw new InvalidOperationException($"{DirVariable} is not set");
        await using var store = LedgerStore.Open(new LedgerStoreOptions { DatabasePath = Path.Combine(dir, "ledger.db"), Origin = Origin, MaxBatch = 256 });
        using var acked = new StreamWriter(Path.Combine(dir, "acked.txt")) { AutoFlush = true };
        var gate = new Lock();
        await Task.WhenAll(Enumerable.Range(0, 64).Select(worker => Task.Run(async () =>
        {
            for (int n = 0; ; n++)
            {
                string entry = $"w{worker}-{n}";
                ulong index = await store.AppendAsync(Encoding.UTF8.GetBytes(entry));
                lock (gate)
                {
                    // The ';' marks a complete line: the kill may cut the last one short.
                    acked.WriteLine($"{index} {entry};");
                }
            }
        })));
    }

    private static int CountLines(string path)
    {
        if (!File.Exists(path))
        {
            return 0;
        }
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        int count = 0;
        while (reader.ReadLine() is not null)
        {
            count++;
        }
        return count;
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
