using System.Numerics;
using Bunsan.Federation.SecureAggregation;

namespace Bunsan.Federation.Tests.SecureAggregation;

public sealed class MaskingPartyTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(60)]
    public void Mask_AllPartiesRandomVectors_MasksCancelExactly(int parties)
    {
        var random = new Random(parties);
        long[][] values = [.. Enumerable.Range(0, parties).Select(_ => Enumerable.Range(0, 257).Select(_ => random.NextInt64(long.MinValue, long.MaxValue)).ToArray())];
        using var group = new PartyGroup(parties);

        long[] sum = MaskedSum.Decode(MaskedSum.Add(group.MaskAll(values)));

        // Cancellation is exact modulo 2^64, so even sums that wrap come back as the wrapped true sum.
        long[] expected = new long[257];
        foreach (long[] vector in values)
        {
            for (int i = 0; i < expected.Length; i++)
            {
                expected[i] = unchecked(expected[i] + vector[i]);
            }
        }
        Assert.Equal(expected, sum);
    }

    [Fact]
    public void Mask_ZeroInput_MaskedVectorHasBalancedBits()
    {
        const int Length = 4096;
        using var group = new PartyGroup(2);
        ulong[] masked = group.Parties[0].Mask(new long[Length], group.Keys).Masked!;

        // Uniform 64-bit words: each bit position is 1 in Binomial(4096, 1/2) words (sd 32), and all 262,144 bits
        // together are 1 in Binomial(262144, 1/2) (sd 256). The keys are fresh each run, so the bound is 6 sd: over
        // 65 checks a false failure has probability about 1.3 * 10^-7 per run. (5 sd, about 2 * 10^-5, failed once in
        // CI with 1,885 ones; 192,000 bit positions over 3,000 runs then showed the expected tail, max |z| 4.4.)
        // A mask that is not uniform (zeros, the counter, a repeated block) is hundreds of sd out.
        for (int bit = 0; bit < 64; bit++)
        {
            int ones = masked.Count(word => ((word >> bit) & 1) == 1);
            Assert.InRange(ones, (Length / 2) - 192, (Length / 2) + 192);
        }
        long total = masked.Sum(word => (long)BitOperations.PopCount(word));
        Assert.InRange(total, (Length * 32) - 1536, (Length * 32) + 1536);
    }

    [Fact]
    public void Mask_SameInputTwoQueries_MaskedVectorsDiffer()
    {
        long[] zeros = new long[64];
        using var first = new PartyGroup(2);
        using var second = new PartyGroup(2);

        ulong[] a = first.Parties[0].Mask(zeros, first.Keys).Masked!;
        ulong[] b = second.Parties[0].Mask(zeros, second.Keys).Masked!;

        Assert.DoesNotContain(0UL, a);
        Assert.All(Enumerable.Range(0, zeros.Length), i => Assert.NotEqual(a[i], b[i]));
    }

    [Fact]
    public void Mask_OnePartyMissing_SumIsGarbage()
    {
        // Why the coordinator must fail the query, naming the missing party, rather than publish: the missing
        // party's pair masks do not cancel, so the partial sum is uniform noise, not a smaller total.
        var random = new Random(5);
        long[][] values = [.. Enumerable.Range(0, 5).Select(_ => Enumerable.Range(0, 1000).Select(_ => (long)random.Next(100)).ToArray())];
        using var group = new PartyGroup(5);
        ulong[][] masked = group.MaskAll(values);

        long[] withoutLast = MaskedSum.Decode(MaskedSum.Add(masked.Take(4)));

        for (int i = 0; i < withoutLast.Length; i++)
        {
            Assert.NotEqual(values.Take(4).Sum(v => v[i]), withoutLast[i]);
        }
        Assert.True(withoutLast.Count(x => Math.Abs((double)x) > 1L << 40) >= 990, "a partial sum should look like uniform 64-bit noise");
    }

    [Fact]
    public void Mask_PartiesOfDifferentQueries_MasksDoNotCancel()
    {
        using var group = new PartyGroup(2, "query-a");
        using var other = MaskingParty.Create("query-b", 1);
        ReadOnlyMemory<byte>[] keys = [group.Keys[0], other.PublicKey];

        ulong[] sum = MaskedSum.Add([group.Parties[0].Mask(new long[8], keys).Masked!, other.Mask(new long[8], keys).Masked!]);

        Assert.DoesNotContain(0UL, sum);
    }

    [Fact]
    public void Mask_SecondVector_RefusedAsAlreadyMasked()
    {
        using var group = new PartyGroup(3);
        Assert.True(group.Parties[0].Mask([1, 2], group.Keys).Succeeded);

        MaskResult again = group.Parties[0].Mask([1, 3], group.Keys);

        Assert.Equal(MaskError.AlreadyMasked, again.Error);
        Assert.Null(again.Masked);
    }

    [Fact]
    public void Mask_AfterRefusal_StillMasksOnce()
    {
        using var group = new PartyGroup(2);
        Assert.Equal(MaskError.TooFewParties, group.Parties[0].Mask([1], group.Keys[..1]).Error);

        Assert.True(group.Parties[0].Mask([1], group.Keys).Succeeded);
    }

    public static TheoryData<string, MaskError> BadKeys => new()
    {
        { "", MaskError.BadKeyLength },
        { new string('a', 62), MaskError.BadKeyLength },
        { new string('a', 66), MaskError.BadKeyLength },
        { new string('0', 64), MaskError.LowOrderKey },
        { "0100000000000000000000000000000000000000000000000000000000000000", MaskError.LowOrderKey },
        // A point of order 8 on Curve25519: its shared secret with any key is all zeros.
        { "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800", MaskError.LowOrderKey },
        { "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", MaskError.LowOrderKey },
    };

    [Theory]
    [MemberData(nameof(BadKeys))]
    public void Mask_BadPeerKey_RefusedNamingTheKey(string hex, MaskError expected)
    {
        using var group = new PartyGroup(3);
        ReadOnlyMemory<byte>[] keys = [group.Keys[0], group.Keys[1], Convert.FromHexString(hex)];

        MaskResult result = group.Parties[0].Mask([1, 2, 3], keys);

        Assert.Equal(expected, result.Error);
        Assert.Null(result.Masked);
        Assert.Contains("key 2", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mask_OwnKeyReplaced_RefusedAsMismatch()
    {
        using var group = new PartyGroup(3);
        using var stranger = MaskingParty.Create("query-1", 1);
        ReadOnlyMemory<byte>[] keys = [group.Keys[0], stranger.PublicKey, group.Keys[2]];

        Assert.Equal(MaskError.OwnKeyMismatch, group.Parties[1].Mask([1], keys).Error);
    }

    [Fact]
    public void Mask_DuplicateKeys_Refused()
    {
        using var group = new PartyGroup(3);
        ReadOnlyMemory<byte>[] keys = [group.Keys[0], group.Keys[1], group.Keys[1]];

        MaskResult result = group.Parties[0].Mask([1], keys);

        Assert.Equal(MaskError.DuplicateKey, result.Error);
        Assert.Contains("key 2", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mask_OnlyOwnKey_RefusedAsTooFewParties()
    {
        using var party = MaskingParty.Create("query-1", 0);

        Assert.Equal(MaskError.TooFewParties, party.Mask([42], [party.PublicKey]).Error);
    }

    [Fact]
    public void Mask_IndexBeyondKeys_Refused()
    {
        using var group = new PartyGroup(2);
        using var third = MaskingParty.Create("query-1", 2);

        Assert.Equal(MaskError.IndexOutOfRange, third.Mask([1], group.Keys).Error);
    }

    [Fact]
    public void Create_FreshParties_HaveDistinct32BytePublicKeys()
    {
        using var group = new PartyGroup(4);

        Assert.All(group.Keys, k => Assert.Equal(32, k.Length));
        Assert.Equal(4, group.Keys.Select(k => Convert.ToHexString(k.Span)).Distinct().Count());
    }

    [Fact]
    public void Create_BadArguments_Throw()
    {
        Assert.Throws<ArgumentException>(() => MaskingParty.Create("", 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => MaskingParty.Create("query-1", -1));
    }

    [Fact]
    public void Mask_AfterDispose_Throws()
    {
        var group = new PartyGroup(2);
        group.Dispose();

        Assert.Throws<ObjectDisposedException>(() => group.Parties[0].Mask([1], group.Keys));
    }
}
