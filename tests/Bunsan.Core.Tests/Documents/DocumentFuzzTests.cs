using System.Collections.Immutable;
using System.Text;
using Bunsan.Core.Functions;
using Bunsan.Core.Topologies;

namespace Bunsan.Core.Tests.Documents;

/// <summary>
/// Seeded mutation fuzzing of both file readers: whatever the bytes, they return errors, never throw.
/// This found two YamlDotNet 16.3 failures without positions (kept below as regression cases).
/// </summary>
public sealed class DocumentFuzzTests
{
    private const string Alphabet = "{}[],:-#&*!|>'\"%@`\t\n\r \\?.0123456789eE+-naNINFabcxyz~\uFEFF\uD800\u0000\u2028\u0085";

    private const string Topology = """
        name: fuzz
        sites:
          - id: edge-a
            location: { lat: 35.1, lon: 139.2, alt_m: 3 }
            tier: edge
            jurisdiction: JP
            metro: a
            region: kanto
            capacity: { cores: 8, memory_gib: 32 }
            energy: { idle_w: 40, peak_w: 96, pue: 1.8, grid_carbon_g_per_kwh: 450 }
            health: healthy
          - { id: "core-b", location: { "lat": 34.7, "lon": 135.5 }, tier: core, jurisdiction: JP, metro: b, region: kansai, capacity: { cores: 512, memory_gib: 4096 }, energy: { idle_w: 1800, peak_w: 4600, pue: 1.35, grid_carbon_g_per_kwh: 350 } }
        measured_rtt:
          - { a: edge-a, b: core-b, rtt_ms: 8.24 }
        """;

    private const string Catalog = """
        functions:
          - name: collision-warning
            class: realtime
            module_digest: sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
            execution: { p50_ms: 1.0, p99_ms: 2.5 }
            resources: { cores: 1, memory_mib: 64 }
            residency: [JP]
            replicas: { min: 2, max: 47 }
          - { "name": "archive", "class": "250ms", "execution": { "p50_ms": 40, "p99_ms": 120 }, "resources": { "cores": 0.5, "memory_mib": 256 } }
        """;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Parse_MutatedFiles_NeverThrow(int seed)
    {
        var random = new Random(seed);
        int failures = 0;
        for (int i = 0; i < 400; i++)
        {
            string topology = Mutate(Topology, random);
            string catalog = Mutate(Catalog, random);

            ImmutableArray<string> topologyErrors = TopologyFile.Parse(topology, "t.yaml").Errors;
            ImmutableArray<string> catalogErrors = FunctionCatalogFile.Parse(catalog, "f.yaml").Errors;

            Assert.All(topologyErrors, e => Assert.StartsWith("t.yaml", e, StringComparison.Ordinal));
            Assert.All(catalogErrors, e => Assert.StartsWith("f.yaml", e, StringComparison.Ordinal));
            failures += (topologyErrors.IsEmpty ? 0 : 1) + (catalogErrors.IsEmpty ? 0 : 1);
        }
        // Most mutations must break something, or the mutator is not exercising the readers.
        Assert.InRange(failures, 400, 800);
    }

    [Theory]
    [InlineData("sites:\n  - : a\n    tier: edge\n", "t.yaml:3:11: is not valid YAML or JSON: this key has no value; check the colons and indentation here")]
    [InlineData("sites:\n  - id: x\n    capacity: { co\nres: 1 }\n", "t.yaml:3:15: is not valid YAML or JSON after this point: check brackets, quotes and line breaks")]
    public void Parse_YamlDotNetFailuresWithoutPosition_AreReportedWithOne(string text, string expected)
    {
        Assert.Equal([expected], TopologyFile.Parse(text, "t.yaml").Errors);
    }

    private static string Mutate(string text, Random random)
    {
        var chars = new StringBuilder(text);
        int edits = 1 + random.Next(5);
        for (int e = 0; e < edits && chars.Length > 0; e++)
        {
            int at = random.Next(chars.Length);
            int length = Math.Min(random.Next(1, 30), chars.Length - at);
            switch (random.Next(4))
            {
                case 0:
                    chars.Remove(at, length);
                    break;
                case 1:
                    chars.Insert(at, Alphabet[random.Next(Alphabet.Length)]);
                    break;
                case 2:
                    chars.Insert(random.Next(chars.Length), chars.ToString(at, length));
                    break;
                default:
                    chars[at] = Alphabet[random.Next(Alphabet.Length)];
                    break;
            }
        }
        return chars.ToString();
    }
}
