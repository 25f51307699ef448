using System.Text;
using System.Text.Json.Nodes;
using Bunsan.Ledger.Entries;

namespace Bunsan.Ledger.Tests.Entries;

/// <summary>Canonical JSON: one byte form per value, whatever the member order or number spelling it came in.</summary>
public sealed class LedgerEntryTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 23, 22, 42, 43, 123, TimeSpan.FromHours(9));

    [Fact]
    public void Create_SortsKeys_UsesUtcMilliseconds_AndNoWhitespace()
    {
        byte[] entry = LedgerEntry.Create(LedgerEntryKinds.SiteJoined, At, new JsonObject { ["site"] = "edge-sapporo", ["cores"] = 16, ["b"] = true });
        Assert.Equal("""{"at":"2026-11-23T13:42:43.123Z","b":true,"cores":16,"kind":"site.joined","site":"edge-sapporo"}""", Encoding.UTF8.GetString(entry));
    }

    [Fact]
    public void Serialize_SameValueParsedFromDifferentSpellings_GivesTheSameBytes()
    {
        var a = JsonNode.Parse("""{ "z": [1, {"y": null, "x": "é\n"}], "a": -0 }""");
        var b = JsonNode.Parse("""{"a":0,"z":[1,{"x":"\u00e9\u000a","y":null}]}""");
        Assert.Equal(CanonicalJson.Serialize(a), CanonicalJson.Serialize(b));
        Assert.Equal("""{"a":0,"z":[1,{"x":"é\n","y":null}]}""", Encoding.UTF8.GetString(CanonicalJson.Serialize(a)));
    }

    [Fact]
    public void Serialize_EscapesOnlyWhatJsonRequires()
    {
        var node = new JsonObject { ["s"] = "\"\\\u0001\t</script>日本" };
        Assert.Equal("{\"s\":\"\\\"\\\\\\u0001\\t</script>日本\"}", Encoding.UTF8.GetString(CanonicalJson.Serialize(node)));
    }

    [Fact]
    public void Serialize_KeysSortByUtf16CodeUnits()
    {
        var node = JsonNode.Parse("""{"\uD83D\uDE00":1,"\uFFFD":2,"a":3,"B":4}""");
        Assert.Equal("{\"B\":4,\"a\":3,\"\uD83D\uDE00\":1,\"\uFFFD\":2}", Encoding.UTF8.GetString(CanonicalJson.Serialize(node)));
    }

    [Theory]
    [InlineData("""{"epsilon":0.5}""", "$.epsilon")]
    [InlineData("""{"n":1e3}""", "$.n")]
    [InlineData("""{"n":[9007199254740992]}""", "$.n[0]")]
    [InlineData("""{"n":99999999999999999999999}""", "$.n")]
    public void Serialize_NonIntegerOrUnsafeNumbers_AreRefusedNamingThePath(string json, string path)
    {
        var e = Assert.Throws<ArgumentException>(() => CanonicalJson.Serialize(JsonNode.Parse(json)));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("as strings", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Serialize_LoneSurrogate_IsRefused() =>
        Assert.Throws<ArgumentException>(() => CanonicalJson.Serialize(new JsonObject { ["s"] = "\uD800x" }));

    [Theory]
    [InlineData("")]
    [InlineData("Site.Joined")]
    [InlineData("site joined")]
    [InlineData("site..joined")]
    [InlineData("site.joined\n")]
    public void Create_BadKind_IsRefused(string kind) =>
        Assert.Throws<ArgumentException>(() => LedgerEntry.Create(kind, At));

    [Fact]
    public void Create_FactNamedLikeASchemaField_IsRefused() =>
        Assert.Contains("reserved", Assert.Throws<ArgumentException>(() => LedgerEntry.Create("site.left", At, new JsonObject { ["at"] = "yesterday" })).Message, StringComparison.Ordinal);
}
