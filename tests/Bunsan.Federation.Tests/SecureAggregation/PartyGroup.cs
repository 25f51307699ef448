using Bunsan.Federation.SecureAggregation;

namespace Bunsan.Federation.Tests.SecureAggregation;

/// <summary>All parties of one query in one process, with their public keys listed by index as the coordinator sends them.</summary>
internal sealed class PartyGroup : IDisposable
{
    public PartyGroup(int count, string queryId = "query-1")
    {
        Parties = [.. Enumerable.Range(0, count).Select(i => MaskingParty.Create(queryId, i))];
        Keys = [.. Parties.Select(p => p.PublicKey)];
    }

    public MaskingParty[] Parties { get; }

    public ReadOnlyMemory<byte>[] Keys { get; }

    /// <summary>Each party's masked vector; fails the test if any party refuses.</summary>
    public ulong[][] MaskAll(long[][] values) =>
        [.. Parties.Select(p =>
        {
            MaskResult result = p.Mask(values[p.Index], Keys);
            Assert.True(result.Succeeded, result.Message);
            return result.Masked!;
        })];

    public void Dispose()
    {
        foreach (MaskingParty party in Parties)
        {
            party.Dispose();
        }
    }
}
