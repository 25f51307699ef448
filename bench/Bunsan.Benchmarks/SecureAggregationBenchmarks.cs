using BenchmarkDotNet.Attributes;
using Bunsan.Federation.SecureAggregation;

namespace Bunsan.Benchmarks;

/// <summary>
/// Issue 7's secure-aggregation target: 50 parties with 10,000-element vectors, in one process — every party's fresh
/// key pair and Mask (49 X25519 agreements, HKDF, AES-256-CTR masks each), then the coordinator's Add and Decode —
/// under 200 ms. Sites mask in parallel, so one party's Create + Mask against 49 peers is the per-site critical path.
/// Run: dotnet run -c Release --project bench/Bunsan.Benchmarks -- --filter '*SecureAggregation*' --job short
/// </summary>
[MemoryDiagnoser]
public class SecureAggregationBenchmarks
{
    private const int Parties = 50;
    private const int Length = 10_000;
    private const string QueryId = "bench-query";
    private readonly long[][] _values = new long[Parties][];
    private MaskingParty[] _peers = null!;
    private ReadOnlyMemory<byte>[] _peerKeys = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(7);
        long limit = FixedPointRange.Limit(Parties);
        for (int p = 0; p < Parties; p++)
        {
            _values[p] = [.. Enumerable.Range(0, Length).Select(_ => random.NextInt64(-limit, limit))];
        }
        // The other 49 parties of the per-site case: only their public keys are used; index 0 is the measured party.
        _peers = [.. Enumerable.Range(1, Parties - 1).Select(i => MaskingParty.Create(QueryId, i))];
        _peerKeys = [default, .. _peers.Select(p => p.PublicKey)];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (MaskingParty peer in _peers)
        {
            peer.Dispose();
        }
    }

    [Benchmark(Baseline = true)]
    public long[] AllPartiesMaskAddDecode()
    {
        var parties = new MaskingParty[Parties];
        for (int p = 0; p < Parties; p++)
        {
            parties[p] = MaskingParty.Create(QueryId, p);
        }
        ReadOnlyMemory<byte>[] keys = [.. parties.Select(p => p.PublicKey)];
        var masked = new ulong[Parties][];
        for (int p = 0; p < Parties; p++)
        {
            masked[p] = parties[p].Mask(_values[p], keys).Masked!;
            parties[p].Dispose();
        }
        return MaskedSum.Decode(MaskedSum.Add(masked));
    }

    [Benchmark]
    public ulong[] OnePartyMask()
    {
        using var party = MaskingParty.Create(QueryId, 0);
        _peerKeys[0] = party.PublicKey;
        return party.Mask(_values[0], _peerKeys).Masked!;
    }
}
