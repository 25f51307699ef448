using System.Buffers.Binary;
using Bunsan.Federation.Queries;
using Bunsan.Federation.SecureAggregation;
using Bunsan.Federation.Sites;

namespace Bunsan.Agent.Data;

/// <summary>
/// Round two at a site: lays this site's partials out over the union of groups the coordinator sends (zeros for groups
/// the site lacks), checks each fits the fixed-point range for the number of parties, and masks the vector. A union that
/// omits one of this site's groups is refused: its partials would silently drop out of the total.
/// </summary>
internal static class FragmentMasking
{
    /// <summary>Most 64-bit elements in one masked vector (80 MB): far above any real query, far below this machine.</summary>
    public const long MaxElements = 10_000_000;

    public static DataAnswer Mask(PendingQuery pending, FragmentCommit request)
    {
        int partials = pending.PartialCount;
        if (request.Groups is null || request.PublicKeys is null)
        {
            return DataAnswer.Refused(400, "invalid", "groups and public_keys are required");
        }
        if (request.PublicKeys.Count != pending.Parties)
        {
            return DataAnswer.Refused(400, "invalid", $"public_keys has {request.PublicKeys.Count} keys for {pending.Parties} parties: send every party's key, in party order");
        }
        var mine = pending.Fragment.Groups.ToDictionary(g => g.Key, g => g.Partials);
        var sent = new HashSet<GroupKey>(request.Groups);
        if (sent.Count != request.Groups.Count)
        {
            return DataAnswer.Refused(400, "invalid", "groups lists a group twice");
        }
        int omitted = mine.Keys.Count(k => !sent.Contains(k));
        if (omitted > 0)
        {
            return DataAnswer.Refused(400, "groups_omitted", $"the group list omits {omitted} group(s) this site has: their partials would drop out of the total, so this site does not answer");
        }
        int width = Math.Max(partials, 1);
        if ((long)request.Groups.Count * width > MaxElements)
        {
            return DataAnswer.Refused(413, "too_large", $"{request.Groups.Count} groups × {width} partials is over {MaxElements:N0} elements");
        }
        var values = new long[request.Groups.Count * partials];
        for (int g = 0; g < request.Groups.Count; g++)
        {
            if (!mine.TryGetValue(request.Groups[g], out Int128[]? own))
            {
                continue;
            }
            for (int p = 0; p < partials; p++)
            {
                if (FixedPointRange.Problem(own[p], pending.Parties) is { } range)
                {
                    return DataAnswer.Refused(422, "out_of_range", $"group {g}, partial {p}: {range}");
                }
                values[g * partials + p] = (long)own[p];
            }
        }
        ulong[] masked;
        if (pending.Parties == 1)
        {
            // One party: the total is this site's partials by definition, there is nothing to hide them among.
            masked = [.. values.Select(v => unchecked((ulong)v))];
        }
        else
        {
            var keys = new List<ReadOnlyMemory<byte>>(request.PublicKeys.Count);
            foreach (string key in request.PublicKeys)
            {
                byte[] bytes = new byte[32];
                if (!Convert.TryFromBase64String(key ?? "", bytes, out int written) || written != 32)
                {
                    return DataAnswer.Refused(400, "invalid", "public_keys: every key is 32 bytes in base64");
                }
                keys.Add(bytes);
            }
            MaskResult result = pending.Party.Mask(values, keys);
            if (result.Masked is null)
            {
                return DataAnswer.Refused(400, "invalid", "public_keys: " + result.Message);
            }
            masked = result.Masked;
        }
        byte[] wire = new byte[masked.Length * sizeof(ulong)];
        for (int i = 0; i < masked.Length; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(wire.AsSpan(i * sizeof(ulong)), masked[i]);
        }
        return DataAnswer.Ok(new FragmentMasked(Convert.ToBase64String(wire)));
    }
}
