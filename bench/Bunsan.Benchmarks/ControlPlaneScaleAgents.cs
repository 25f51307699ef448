using System.Diagnostics;
using Bunsan.Core.Sites;
using Bunsan.Core.Topologies;
using Bunsan.Protocol;
using Bunsan.Protocol.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace Bunsan.Benchmarks;

/// <summary>
/// N simulated agents over the real gRPC agent service: they register, then each heartbeats once a second, phased
/// evenly across the second (beat k goes to site k mod N at k/N seconds), spread over a few HTTP/2 connections as a
/// federation's agents behind a few NATs would be. Beats are fired on schedule without waiting for earlier replies,
/// so a slow server shows up as latency and in-flight calls, never as beats quietly not sent.
/// </summary>
internal sealed class ControlPlaneScaleAgents : IDisposable
{
    private readonly GrpcChannel[] _channels;
    private readonly AgentControl.AgentControlClient[] _clients;
    private readonly Metadata _headers;
    private readonly Site[] _sites;
    private readonly double[] _baseLoad;
    private readonly double _noise;
    private readonly int _maxInFlight;
    private int _inFlight;
    private long _answered;

    public ControlPlaneScaleAgents(Uri agentUri, string joinToken, Topology topology, int channels, double noise, int seed)
    {
        // Two seconds of beats: past that the server is not keeping up, and queueing more only grows this
        // process's memory (an unbounded backlog reached 6 GB here) without telling anything new.
        _maxInFlight = 2 * topology.Sites.Length;
        _channels = [.. Enumerable.Range(0, channels).Select(_ => GrpcChannel.ForAddress(agentUri, new GrpcChannelOptions
        {
            // One connection per channel, as one agent host's gRPC client keeps.
            HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = false, PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan },
        }))];
        _clients = [.. _channels.Select(c => new AgentControl.AgentControlClient(c))];
        _headers = new Metadata { { "authorization", "Bearer " + joinToken } };
        _sites = [.. topology.Sites];
        var random = new Random(seed);
        // Each site runs at its own steady load; the beat-to-beat wobble around it is the --load-noise option.
        _baseLoad = [.. _sites.Select(_ => 0.05 + (0.8 * random.NextDouble()))];
        _noise = noise;
    }

    public int SiteCount => _sites.Length;

    public string SiteId(int index) => _sites[index].Id;

    public long Sent { get; private set; }

    /// <summary>Beats due while <see cref="InFlight"/> was at its cap (two seconds of beats), hence not sent.</summary>
    public long Skipped { get; private set; }

    public long Answered => Interlocked.Read(ref _answered);

    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>
    /// Registers every site, <paramref name="concurrency"/> calls at a time; each call's latency goes to <paramref name="latencies"/>,
    /// and <paramref name="progress"/> hears of every thousandth registration (registration slows as the federation grows).
    /// </summary>
    public Task RegisterAsync(int concurrency, ControlPlaneScaleLatencies latencies, Action<int> progress)
    {
        int done = 0;
        return Parallel.ForEachAsync(Enumerable.Range(0, _sites.Length), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, cancel) =>
        {
            long start = Stopwatch.GetTimestamp();
            try
            {
                await _clients[i % _clients.Length].RegisterAsync(new RegisterRequest { Site = SiteMessages.ToMessage(_sites[i]) }, _headers, cancellationToken: cancel);
                latencies.AddSince(start);
            }
            catch (RpcException e)
            {
                latencies.Fail($"{e.StatusCode}: {e.Status.Detail}");
            }
            if (Interlocked.Increment(ref done) % 1000 == 0)
            {
                progress(done);
            }
        });
    }

    /// <summary>
    /// Beats until <paramref name="stop"/>, then waits for the replies still in flight. Only beats scheduled while
    /// <paramref name="recording"/> says so are measured; <paramref name="lag"/> gets how late each beat left this
    /// process (when it is large, the generator, not the server, is short of CPU).
    /// </summary>
    public async Task RunHeartbeatsAsync(ControlPlaneScaleLatencies beats, ControlPlaneScaleLatencies lag, Func<bool> recording, CancellationToken stop)
    {
        long start = Stopwatch.GetTimestamp();
        double beatsPerSecond = _sites.Length;
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(5));
        try
        {
            while (await tick.WaitForNextTickAsync(stop))
            {
                long due = (long)(Stopwatch.GetElapsedTime(start).TotalSeconds * beatsPerSecond);
                bool record = recording();
                for (; Sent < due; Sent++)
                {
                    if (record)
                    {
                        lag.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds - (Sent * 1000.0 / beatsPerSecond));
                    }
                    if (InFlight >= _maxInFlight)
                    {
                        Skipped++;
                        if (record)
                        {
                            beats.Fail("not sent: two seconds of beats already in flight");
                        }
                        continue;
                    }
                    _ = BeatAsync((int)(Sent % _sites.Length), record ? beats : null);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The scenario's end.
        }
        while (InFlight > 0)
        {
            await Task.Delay(10, CancellationToken.None);
        }
    }

    private async Task BeatAsync(int site, ControlPlaneScaleLatencies? beats)
    {
        Interlocked.Increment(ref _inFlight);
        double utilisation = Math.Clamp(_baseLoad[site] + (_noise * ((2 * Random.Shared.NextDouble()) - 1)), 0, 1);
        var request = new HeartbeatRequest { SiteId = _sites[site].Id, Utilisation = utilisation, QueueMs = 10 * utilisation };
        long start = Stopwatch.GetTimestamp();
        try
        {
            await _clients[site % _clients.Length].HeartbeatAsync(request, _headers);
            Interlocked.Increment(ref _answered);
            beats?.AddSince(start);
        }
        catch (RpcException e)
        {
            beats?.Fail(e.StatusCode.ToString());
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    public void Dispose()
    {
        foreach (GrpcChannel channel in _channels)
        {
            channel.Dispose();
        }
    }
}
