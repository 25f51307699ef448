using Bunsan.Ledger.Merkle;

namespace Bunsan.Ledger.Tests.Merkle;

/// <summary>
/// Invariants over random trees (seeded, so failures reproduce): every generated proof verifies against a root
/// computed by a naive RFC 6962 recursion, and any flipped bit, dropped or extra hash makes it fail.
/// </summary>
public sealed class MerklePropertyTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void RandomTrees_EveryProofVerifies_AndEveryCorruptionFails(int seed)
    {
        var random = new Random(seed);
        for (int round = 0; round < 25; round++)
        {
            int size = random.Next(1, 300);
            var entries = Enumerable.Range(0, size).Select(_ => RandomBytes(random, random.Next(0, 40))).ToList();
            var tree = new MerkleTree();
            entries.ForEach(e => tree.AppendEntry(e));

            ulong n = (ulong)random.Next(1, size + 1);
            byte[] root = tree.Root(n);
            Assert.Equal(NaiveRoot(entries.Take((int)n).ToList()), root);

            ulong index = (ulong)random.NextInt64(0, (long)n);
            byte[] leaf = MerkleHash.Leaf(entries[(int)index]);
            byte[][] inclusion = MerkleProofs.Inclusion(tree, index, n);
            Assert.True(MerkleVerifier.VerifyInclusion(index, n, leaf, inclusion, root).Valid);
            foreach (byte[][] bad in Corruptions(random, inclusion))
            {
                Assert.False(MerkleVerifier.VerifyInclusion(index, n, leaf, bad, root).Valid);
            }
            Assert.False(MerkleVerifier.VerifyInclusion(index, n, Flip(random, leaf), inclusion, root).Valid);
            Assert.False(MerkleVerifier.VerifyInclusion(index, n, leaf, inclusion, Flip(random, root)).Valid);
            if (n > 1)
            {
                ulong other = (index + 1) % n;
                Assert.False(MerkleVerifier.VerifyInclusion(other, n, leaf, inclusion, root).Valid);
            }

            ulong m = (ulong)random.NextInt64(1, (long)n + 1);
            byte[] oldRoot = tree.Root(m);
            byte[][] consistency = MerkleProofs.Consistency(tree, m, n);
            Assert.True(MerkleVerifier.VerifyConsistency(m, n, oldRoot, root, consistency).Valid);
            foreach (byte[][] bad in Corruptions(random, consistency))
            {
                Assert.False(MerkleVerifier.VerifyConsistency(m, n, oldRoot, root, bad).Valid);
            }
            Assert.False(MerkleVerifier.VerifyConsistency(m, n, Flip(random, oldRoot), root, consistency).Valid);
            Assert.False(MerkleVerifier.VerifyConsistency(m, n, oldRoot, Flip(random, root), consistency).Valid);
        }
    }

    [Fact]
    public void Proofs_ForEverySizeUpTo64_VerifyAgainstNaiveRoots()
    {
        var entries = Enumerable.Range(0, 64).Select(i => new[] { (byte)i, (byte)(i * 7) }).ToList();
        var tree = new MerkleTree();
        entries.ForEach(e => tree.AppendEntry(e));
        for (ulong n = 1; n <= 64; n++)
        {
            byte[] root = NaiveRoot(entries.Take((int)n).ToList());
            for (ulong i = 0; i < n; i++)
            {
                Assert.True(MerkleVerifier.VerifyInclusion(i, n, MerkleHash.Leaf(entries[(int)i]), MerkleProofs.Inclusion(tree, i, n), root).Valid);
                ulong m = i + 1;
                Assert.True(MerkleVerifier.VerifyConsistency(m, n, tree.Root(m), root, MerkleProofs.Consistency(tree, m, n)).Valid);
            }
        }
    }

    [Fact]
    public void Truncate_ThenAppendOtherLeaves_GivesTheOtherTreesRoot()
    {
        var tree = new MerkleTree();
        for (int i = 0; i < 13; i++)
        {
            tree.AppendEntry([(byte)i]);
        }
        tree.Truncate(5);
        var expected = new MerkleTree();
        for (int i = 0; i < 5; i++)
        {
            expected.AppendEntry([(byte)i]);
        }
        for (int i = 100; i < 110; i++)
        {
            tree.AppendEntry([(byte)i]);
            expected.AppendEntry([(byte)i]);
        }
        Assert.Equal(expected.Root(15), tree.Root(15));
    }

    [Fact]
    public void Verifiers_HostileSizes_FailWithReasonInsteadOfThrowing()
    {
        byte[] hash = new byte[32];
        byte[][] longProof = [.. Enumerable.Repeat(hash, 64)];
        Assert.False(MerkleVerifier.VerifyInclusion(ulong.MaxValue - 1, ulong.MaxValue, hash, longProof, hash).Valid);
        Assert.False(MerkleVerifier.VerifyInclusion(ulong.MaxValue, ulong.MaxValue, hash, longProof, hash).Valid);
        Assert.False(MerkleVerifier.VerifyConsistency(ulong.MaxValue - 1, ulong.MaxValue, hash, hash, longProof).Valid);
        var tooMany = MerkleVerifier.VerifyInclusion(0, 2, hash, [.. Enumerable.Repeat(hash, 10_000)], hash);
        Assert.Contains("no valid proof", tooMany.Reason, StringComparison.Ordinal);
        Assert.False(MerkleVerifier.VerifyInclusion(0, 2, hash, [null!], hash).Valid);
        Assert.False(MerkleVerifier.VerifyInclusion(0, 2, hash, new byte[31], hash).Valid);
    }

    /// <summary>RFC 6962 §2.1 MTH written as the recursion the RFC states, as an independent oracle.</summary>
    private static byte[] NaiveRoot(List<byte[]> entries)
    {
        if (entries.Count == 0)
        {
            return MerkleHash.EmptyRoot.ToArray();
        }
        if (entries.Count == 1)
        {
            return MerkleHash.Leaf(entries[0]);
        }
        int k = 1;
        while (k * 2 < entries.Count)
        {
            k *= 2;
        }
        byte[] node = new byte[32];
        MerkleHash.Node(NaiveRoot(entries[..k]), NaiveRoot(entries[k..]), node);
        return node;
    }

    private static IEnumerable<byte[][]> Corruptions(Random random, byte[][] proof)
    {
        byte[] extra = RandomBytes(random, 32);
        yield return [.. proof, extra];
        yield return [extra, .. proof];
        if (proof.Length == 0)
        {
            yield break;
        }
        yield return proof[..^1];
        yield return proof[1..];
        int at = random.Next(proof.Length);
        yield return [.. proof.Select((h, i) => i == at ? Flip(random, h) : h)];
        yield return [.. proof.Select((h, i) => i == at ? h[..31] : h)];
        if (proof.Length > 1 && !proof[0].AsSpan().SequenceEqual(proof[1]))
        {
            yield return [proof[1], proof[0], .. proof[2..]];
        }
    }

    private static byte[] Flip(Random random, byte[] hash)
    {
        byte[] copy = (byte[])hash.Clone();
        copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
        return copy;
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        byte[] bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
