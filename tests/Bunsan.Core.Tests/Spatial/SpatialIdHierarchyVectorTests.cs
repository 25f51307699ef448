using System.Text.Json;
using Bunsan.Core.Spatial;
using static Bunsan.Core.Tests.Spatial.SpatialCases;
using static Bunsan.Core.Tests.Spatial.SpatialIdGeometryVectorTests;

namespace Bunsan.Core.Tests.Spatial;

/// <summary>Parents, children, neighbours, shifts and extended IDs against the public cases.</summary>
public sealed class SpatialIdHierarchyVectorTests
{
    [Fact]
    public void Parent_PublicParentCases_MatchExactly()
    {
        var mismatches = new List<string>();
        foreach (JsonElement c in OfKind("parent"))
        {
            JsonElement input = c.GetProperty("input");
            JsonElement expected = c.GetProperty("expected");
            SpatialId id = ParseOrFail(input.GetProperty("id").GetString());
            var want = new List<SpatialId>();
            if (expected.TryGetProperty("parents", out JsonElement parents))
            {
                want.AddRange(parents.EnumerateObject().Select(p => Zfxy(p.Value)));
            }
            else
            {
                want.Add(ParseOrFail(expected.GetProperty("ids")[0].GetString()));
            }
            foreach (SpatialId w in want.Where(w => id.Parent(id.Zoom - w.Zoom) != w))
            {
                mismatches.Add($"{Id(c)}: expected {w}, got {id.Parent(id.Zoom - w.Zoom)}");
            }
        }
        AssertNoMismatch(mismatches);
    }

    [Fact]
    public void Parent_PublicTilehashPrefixCase_WalksTheSameAncestors()
    {
        var mismatches = new List<string>();
        foreach (JsonElement c in OfKind("tilehash_prefix_is_parent"))
        {
            // The child is named by its tilehash only; point_to_id-001 gives the same tilehash's ZFXY form.
            string tilehash = c.GetProperty("input").GetProperty("tilehash").GetString()!;
            JsonElement source = OfKind("point_to_id").Single(p =>
                p.GetProperty("expected").TryGetProperty("tilehash", out JsonElement t) && t.GetString() == tilehash &&
                p.GetProperty("expected").GetProperty("zfxy").ValueKind == JsonValueKind.String);
            SpatialId id = ParseOrFail(source.GetProperty("expected").GetProperty("zfxy").GetString());
            foreach (JsonElement parent in c.GetProperty("expected").GetProperty("parents_in_order").EnumerateArray())
            {
                SpatialId want = ParseOrFail(parent.GetProperty("zfxy").GetString());
                if (id.Parent() != want)
                {
                    mismatches.Add($"{Id(c)}: parent of {id} expected {want}, got {id.Parent()}");
                }
                id = want;
            }
        }
        AssertNoMismatch(mismatches);
    }

    [Fact]
    public void Children_PublicChildrenCase_MatchesTheSet()
    {
        foreach (JsonElement c in OfKind("children"))
        {
            SpatialId id = ParseOrFail(c.GetProperty("input").GetProperty("id").GetString());
            Assert.Equal(Set(c.GetProperty("expected").GetProperty("set")), id.Children().Select(s => s.ToString()).ToHashSet());
        }
    }

    [Fact]
    public void Neighbours_PublicNeighbourCases_MatchSetsAndOrder()
    {
        var mismatches = new List<string>();
        foreach ((string kind, Func<SpatialId, SpatialId[]> neighbours) in new (string, Func<SpatialId, SpatialId[]>)[]
        {
            ("neighbours_6_faces", id => id.Neighbours6()),
            ("neighbours_8_horizontal", id => id.Neighbours8()),
            ("neighbours_26", id => id.Neighbours26()),
            ("neighbours_26_wraparound", id => id.Neighbours26()),
        })
        {
            foreach (JsonElement c in OfKind(kind))
            {
                JsonElement input = c.GetProperty("input");
                JsonElement expected = c.GetProperty("expected");
                if (!input.TryGetProperty("id", out JsonElement text) && !input.TryGetProperty("zfxy", out text))
                {
                    continue; // neighbours_26-097 only restates 062 in extended form, with no list of its own.
                }
                string[] got = neighbours(ParseOrFail(text.GetString())).Select(s => s.ToString()).ToArray();
                bool ok = expected.TryGetProperty("ordered", out JsonElement ordered)
                    ? got.SequenceEqual(ordered.EnumerateArray().Select(e => e.GetString()!.TrimStart('/')))
                    : got.Length == expected.GetProperty("set").GetArrayLength() && got.ToHashSet().SetEquals(Set(expected.GetProperty("set")));
                if (!ok)
                {
                    mismatches.Add($"{Id(c)}: got {string.Join(' ', got)}");
                }
            }
        }
        foreach (JsonElement c in OfKind("neighbour_up_down"))
        {
            SpatialId id = ParseOrFail(c.GetProperty("input").GetProperty("id").GetString());
            JsonElement expected = c.GetProperty("expected");
            if (id.Shift(0, 0, 1) != Zfxy(expected.GetProperty("up").GetProperty("zfxy")) ||
                id.Shift(0, 0, -1) != Zfxy(expected.GetProperty("down").GetProperty("zfxy")))
            {
                mismatches.Add($"{Id(c)}: up/down differ");
            }
        }
        AssertNoMismatch(mismatches);
    }

    [Fact]
    public void Shift_PublicShiftCases_WrapXYAndLeaveFUnbounded()
    {
        var mismatches = new List<string>();
        foreach (JsonElement c in OfKind("shift"))
        {
            JsonElement input = c.GetProperty("input");
            // Inputs such as 2/3/8/15 hold out-of-range x and y on purpose, so they are built, not parsed.
            long[] v = input.GetProperty("id").GetString()!.Split('/').Select(long.Parse).ToArray();
            SpatialId got = new SpatialId((int)v[0], v[1], v[2], v[3])
                .Shift(input.GetProperty("x").GetInt64(), input.GetProperty("y").GetInt64(), input.GetProperty("f").GetInt64());
            if (got.ToString() != c.GetProperty("expected").GetProperty("id").GetString())
            {
                mismatches.Add($"{Id(c)}: got {got}");
            }
        }
        foreach (JsonElement c in OfKind("shift_extended"))
        {
            JsonElement input = c.GetProperty("input");
            long[] v = input.GetProperty("extended_id").GetString()!.Split('/').Select(long.Parse).ToArray();
            ExtendedSpatialId got = new ExtendedSpatialId((int)v[0], v[1], v[2], (int)v[3], v[4])
                .Shift(input.GetProperty("x").GetInt64(), input.GetProperty("y").GetInt64(), input.GetProperty("v").GetInt64());
            if (got.ToString() != c.GetProperty("expected").GetProperty("extended_id").GetString())
            {
                mismatches.Add($"{Id(c)}: got {got}");
            }
        }
        AssertNoMismatch(mismatches);
    }

    [Fact]
    public void ExtendedSpatialId_PublicCases_EncodeConvertAndRejectLikeUpstream()
    {
        var mismatches = new List<string>();
        foreach (JsonElement c in OfKind("point_to_extended_id"))
        {
            JsonElement input = c.GetProperty("input");
            bool ok = ExtendedSpatialId.TryFromPoint(Point(input), input.GetProperty("h_zoom").GetInt32(), input.GetProperty("v_zoom").GetInt32(), out ExtendedSpatialId got, out string? error);
            if (!ok || got.ToString() != c.GetProperty("expected").GetProperty("extended_id").GetString())
            {
                mismatches.Add($"{Id(c)}: got {got} {error}");
            }
        }
        foreach (JsonElement pair in OfKind("id_format_conversion").SelectMany(c => c.GetProperty("input").GetProperty("pairs").EnumerateArray()))
        {
            SpatialId zfxy = ParseOrFail(pair[0].GetString());
            bool ok = ExtendedSpatialId.TryParse(pair[1].GetString(), out ExtendedSpatialId extended, out _);
            if (!ok || ExtendedSpatialId.From(zfxy) != extended || !extended.TryToSpatialId(out SpatialId back) || back != zfxy)
            {
                mismatches.Add($"id_format_conversion: {pair[0]} <-> {pair[1]}");
            }
        }
        foreach (JsonElement bad in OfKind("id_parse_errors").SelectMany(c => c.GetProperty("input").GetProperty("invalid").EnumerateArray()))
        {
            string text = bad.GetString()!.Split(' ')[0]; // drop annotations such as " (vZoom -1)"
            if (ExtendedSpatialId.TryParse(text, out ExtendedSpatialId parsed, out _))
            {
                mismatches.Add($"id_parse_errors: '{text}' parsed as {parsed}");
            }
        }
        foreach (JsonElement c in OfKind("zoom_range"))
        {
            int[] zooms = c.GetProperty("input").GetProperty("zooms").Deserialize<int[]>()!;
            bool[] valid = c.GetProperty("expected").GetProperty("valid").Deserialize<bool[]>()!;
            mismatches.AddRange(zooms.Where((z, i) => SpatialId.TryParse($"{z}/0/0/0", out _, out _) != valid[i]).Select(z => $"zoom_range: zoom {z}"));
        }
        AssertNoMismatch(mismatches);
    }

    [Fact]
    public void ChangeZoom_PublicZoomChangeCases_MatchTheSets()
    {
        var mismatches = new List<string>();
        foreach (JsonElement step in OfKind("change_zoom_extended").SelectMany(c => c.GetProperty("input").EnumerateArray()))
        {
            Assert.True(ExtendedSpatialId.TryParse(step.GetProperty("in").GetString(), out ExtendedSpatialId id, out string? error), error);
            var got = id.ChangeZoom(step.GetProperty("h").GetInt32(), step.GetProperty("v").GetInt32()).Select(e => e.ToString()).ToHashSet();
            if (!got.SetEquals(Set(step.GetProperty("out"))))
            {
                mismatches.Add($"change_zoom_extended {id}: got {string.Join(' ', got)}");
            }
        }
        foreach (JsonElement input in OfKind("children_2d").Select(c => c.GetProperty("input")))
        {
            var id = new ExtendedSpatialId(input.GetProperty("z").GetInt32(), input.GetProperty("x").GetInt64(), input.GetProperty("y").GetInt64(), 25, 0);
            var got = id.ChangeZoom(input.GetProperty("to_zoom").GetInt32(), 25).Select(e => $"{e.HorizontalZoom}/{e.X}/{e.Y}").ToHashSet();
            if (!got.SetEquals(Set(OfKind("children_2d")[0].GetProperty("expected").GetProperty("set_correct"))))
            {
                mismatches.Add($"children_2d: got {string.Join(' ', got)}");
            }
        }
        foreach (JsonElement step in OfKind("vertical_zoom").SelectMany(c => c.GetProperty("input").EnumerateArray()))
        {
            var id = new ExtendedSpatialId(0, 0, 0, step.GetProperty("z").GetInt32(), step.GetProperty("f").GetInt64());
            var got = id.ChangeZoom(0, step.GetProperty("to").GetInt32()).Select(e => $"{e.VerticalZoom}/{e.F}").ToHashSet();
            if (!got.SetEquals(Set(step.GetProperty("out"))))
            {
                mismatches.Add($"vertical_zoom {id}: got {string.Join(' ', got)}");
            }
        }
        AssertNoMismatch(mismatches);
    }

    private static HashSet<string> Set(JsonElement array) =>
        array.EnumerateArray().Select(e => e.GetString()!.TrimStart('/')).ToHashSet();
}
