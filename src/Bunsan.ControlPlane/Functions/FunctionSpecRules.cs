using System.Buffers;
using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Bunsan.Core.Functions;

namespace Bunsan.ControlPlane.Functions;

/// <summary>
/// Checks a function spec against exactly the rules a function catalog file obeys. Bunsan.Core keeps
/// those rules internal to its file reader, so the spec is written as a one-function catalog and read
/// back with <see cref="FunctionCatalogFile.Parse"/>: one set of rules, no copy to drift. Deploys are
/// rare, and a whole deploy, this parse and two fsynced writes included, measured p50 1.8 ms (README.md).
/// </summary>
internal static partial class FunctionSpecRules
{
    private const string Source = "function";

    /// <summary>The spec as the catalog reader builds it (canonical latency class, residency), or every problem found.</summary>
    public static (FunctionSpec? Spec, ImmutableArray<string> Errors) Check(FunctionSpec? spec)
    {
        if (MissingParts(spec) is { Count: > 0 } missing)
        {
            return (null, [.. missing]);
        }
        FunctionCatalogParseResult parsed = FunctionCatalogFile.Parse(AsCatalog(spec!), Source);
        if (!parsed.Succeeded)
        {
            return (null, [.. parsed.Errors.Select(WithoutFileContext)]);
        }
        FunctionSpec canonical = parsed.Functions[0];
        if (canonical.Class.BudgetMs != spec!.Class.BudgetMs)
        {
            return (null, [FormattableString.Invariant(
                $"class '{spec.Class.Name}' has a budget of {canonical.Class.BudgetMs} ms, not {spec.Class.BudgetMs}: use the class's own budget, or a custom class named by its budget such as {spec.Class.BudgetMs}ms")]);
        }
        return (canonical, []);
    }

    private static List<string> MissingParts(FunctionSpec? spec)
    {
        var missing = new List<string>();
        if (spec is null)
        {
            missing.Add("function is missing: send name, class, execution, resources and replicas");
            return missing;
        }
        if (spec.Name is null)
        {
            missing.Add("name is missing: use letters, digits, '.', '-' or '_'");
        }
        if (spec.Class is null)
        {
            missing.Add("class is missing: use realtime, immersive, control, interactive, batch, or a budget such as 250ms");
        }
        if (spec.Execution is null)
        {
            missing.Add("execution is missing: give p50_ms and p99_ms");
        }
        if (spec.Resources is null)
        {
            missing.Add("resources is missing: give cores and memory_mib");
        }
        return missing;
    }

    /// <summary>"function:1:87: functions[0] (resize): execution.p99_ms is ..." becomes "execution.p99_ms is ...": the caller sent one spec, not a file.</summary>
    private static string WithoutFileContext(string error) => FileContext().Replace(error, "", 1);

    [GeneratedRegex(@"^function(:\d+:\d+)?: (functions\[0\]( \([^)]*\))?: )?")]
    private static partial Regex FileContext();

    private static string AsCatalog(FunctionSpec spec)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("functions");
            json.WriteStartObject();
            json.WriteString("name", spec.Name);
            json.WriteString("class", spec.Class.Name ?? "");
            if (!string.IsNullOrEmpty(spec.ModuleDigest))
            {
                json.WriteString("module_digest", spec.ModuleDigest);
            }
            json.WriteStartObject("execution");
            WriteNumber(json, "p50_ms", spec.Execution.P50Ms);
            WriteNumber(json, "p99_ms", spec.Execution.P99Ms);
            json.WriteEndObject();
            json.WriteStartObject("resources");
            WriteNumber(json, "cores", spec.Resources.Cores);
            WriteNumber(json, "memory_mib", spec.Resources.MemoryMiB);
            json.WriteEndObject();
            json.WriteStartArray("residency");
            foreach (string code in spec.Residency.IsDefault ? [] : spec.Residency)
            {
                json.WriteStringValue(code ?? "");
            }
            json.WriteEndArray();
            json.WriteStartObject("replicas");
            json.WriteNumber("min", spec.MinReplicas);
            json.WriteNumber("max", spec.MaxReplicas);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>JSON has no NaN or infinity; written as text, the reader rejects them as "not a number", which they are not.</summary>
    private static void WriteNumber(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value))
        {
            json.WriteNumber(name, value);
        }
        else
        {
            json.WriteString(name, value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
