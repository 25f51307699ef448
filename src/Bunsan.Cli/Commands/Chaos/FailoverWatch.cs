using System.Diagnostics;
using System.Text.Json;
using Bunsan.Cli.Commands.Control;

namespace Bunsan.Cli.Commands.Chaos;

/// <summary>
/// Watches the control plane's API after the kill, every <see cref="PollInterval"/>: when it first saw each victim
/// other than healthy (detection) and down, and when the function's placement first held no victim (restored). The
/// times are upper bounds by up to one poll plus one API call.
/// </summary>
internal sealed class FailoverWatch(ControlClient client, IReadOnlyCollection<string> victims, string function, long killedAt)
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    public double? SuspectedMs { get; private set; }

    public double? DownMs { get; private set; }

    public double? RestoredMs { get; private set; }

    public IReadOnlyList<string> ReplicasAfter { get; private set; } = [];

    public async Task RunAsync(CancellationToken cancel)
    {
        using var timer = new PeriodicTimer(PollInterval);
        try
        {
            while (RestoredMs is null || DownMs is null)
            {
                Poll();
                await timer.WaitForNextTickAsync(cancel);
            }
        }
        catch (OperationCanceledException)
        {
            // The run ended: what was not seen by then stays unmeasured (null).
        }
    }

    private void Poll()
    {
        double now = Stopwatch.GetElapsedTime(killedAt).TotalMilliseconds;
        try
        {
            string[] health = [.. client.Get("v1/sites").EnumerateArray()
                .Where(s => victims.Contains(s.GetProperty("id").GetString()!))
                .Select(s => s.GetProperty("health").GetString()!)];
            if (SuspectedMs is null && health.Length > 0 && health.All(h => h != "healthy"))
            {
                SuspectedMs = now;
            }
            if (DownMs is null && health.Length > 0 && health.All(h => h == "down"))
            {
                DownMs = now;
            }
            string[] replicas = [.. client.Get("v1/functions/" + function).GetProperty("replicas").EnumerateArray().Select(r => r.GetString()!)];
            if (RestoredMs is null && replicas.Length > 0 && !replicas.Any(victims.Contains))
            {
                RestoredMs = now;
                ReplicasAfter = replicas;
            }
        }
        catch (Exception e) when (e is IOException or BadInputException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            // A slow or failed poll is just a missed sample; the next one measures.
        }
    }
}
