using System.Text.Json;
using Bunsan.Tests;

namespace Bunsan.Ledger.Tests;

/// <summary>Reads the public vectors under ../shared/vectors/merkle/; a test skips, saying why, when they are absent.</summary>
internal static class Vectors
{
    public static JsonElement Load(string file)
    {
        string? path = SharedData.PathOf(Path.Combine("vectors", "merkle", file), out string skipReason);
        Assert.SkipWhen(path is null, skipReason);
        using var stream = File.OpenRead(path!);
        return JsonDocument.Parse(stream).RootElement.Clone();
    }

    public static byte[] Hex(JsonElement element) => Convert.FromHexString(element.GetString()!);

    public static byte[][] HexList(JsonElement element) => [.. element.EnumerateArray().Select(Hex)];
}
