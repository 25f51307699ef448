using System.Collections.Immutable;
using System.Globalization;
using Bunsan.Core.Documents;
using YamlDotNet.RepresentationModel;

namespace Bunsan.Core.Functions;

/// <summary>
/// Reads a function catalog from YAML or JSON (snake_case keys; the schema is in Functions/README.md and
/// examples/functions.yaml). Never throws on user input: every problem comes back in
/// <see cref="FunctionCatalogParseResult.Errors"/>, naming the function (index and name), the field and the fix.
/// </summary>
public static class FunctionCatalogFile
{
    /// <summary>A catalog is hand-written; a hundred thousand functions is a generated mistake.</summary>
    public const int MaxFunctions = 100_000;

    /// <summary>Replica bounds when a function gives none: at least one, at most one per prefecture-sized region of a large federation.</summary>
    public const int DefaultMinReplicas = 1;
    public const int DefaultMaxReplicas = 100;

    public static FunctionCatalogParseResult Parse(string? text, string sourceName)
    {
        var errors = new DocumentErrors(string.IsNullOrWhiteSpace(sourceName) ? "functions" : sourceName);
        YamlMappingNode? root = YamlDocumentLoader.Load(text, errors);
        if (root is null)
        {
            return new FunctionCatalogParseResult([], errors.ToImmutable());
        }
        var document = new MappingReader(root, errors, "");
        YamlSequenceNode? nodes = document.Sequence("functions", required: true);
        document.ReportUnknownKeys();

        var functions = ImmutableArray.CreateBuilder<FunctionSpec>();
        if (nodes is not null)
        {
            if (nodes.Children.Count == 0)
            {
                errors.Add(nodes.Start, "functions is empty: list at least one function");
            }
            else if (nodes.Children.Count > MaxFunctions)
            {
                errors.Add(nodes.Start, string.Create(CultureInfo.InvariantCulture, $"functions has {nodes.Children.Count} entries: the limit is {MaxFunctions}"));
                return new FunctionCatalogParseResult([], errors.ToImmutable());
            }
            var firstIndexByName = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int i = 0; i < nodes.Children.Count; i++)
            {
                if (ReadFunction(nodes.Children[i], i, errors, firstIndexByName) is { } function)
                {
                    functions.Add(function);
                }
            }
        }
        return errors.Count > 0
            ? new FunctionCatalogParseResult([], errors.ToImmutable())
            : new FunctionCatalogParseResult(functions.ToImmutable(), []);
    }

    private static FunctionSpec? ReadFunction(YamlNode node, int index, DocumentErrors errors, Dictionary<string, int> firstIndexByName)
    {
        string context = string.Create(CultureInfo.InvariantCulture, $"functions[{index}]: ");
        if (node is not YamlMappingNode mapping)
        {
            errors.Add(node.Start, context + $"is {MappingReader.Describe(node)}: write a mapping with name, class, execution, resources, ...");
            return null;
        }
        var function = new MappingReader(mapping, errors, context);
        string? name = function.String("name", required: true, ValueRules.Identifier);
        if (name is not null)
        {
            function.Context = string.Create(CultureInfo.InvariantCulture, $"functions[{index}] ({name}): ");
            if (!firstIndexByName.TryAdd(name, index))
            {
                function.Error(mapping.Start, string.Create(CultureInfo.InvariantCulture, $"name '{name}' is already used by functions[{firstIndexByName[name]}]: give every function its own name"));
                name = null;
            }
        }
        LatencyClass? latencyClass = null;
        function.String("class", required: true, text =>
        {
            if (LatencyClass.TryParse(text, out LatencyClass parsed, out _))
            {
                latencyClass = parsed;
                return null;
            }
            return ValueRules.Show(text) + " is not a latency class: use realtime, immersive, control, interactive, batch, or a budget such as 250ms";
        });
        string? digest = function.String("module_digest", required: false, FunctionRules.ModuleDigest);
        string? module = function.String("module", required: false, FunctionRules.ModulePath);
        ExecutionTime? execution = ReadExecution(function.Mapping("execution", required: true), latencyClass);
        InvocationResources? resources = ReadResources(function.Mapping("resources", required: true));
        ImmutableArray<string>? residency = ReadResidency(function);
        (int Min, int Max)? replicas = ReadReplicas(function.Mapping("replicas", required: false));
        function.ReportUnknownKeys();

        if (name is null || latencyClass is null || execution is null || resources is null || residency is null || replicas is null)
        {
            return null;
        }
        return new FunctionSpec(name, digest ?? "", resources, execution, latencyClass, residency.Value, replicas.Value.Min, replicas.Value.Max, module);
    }

    private static ExecutionTime? ReadExecution(MappingReader? execution, LatencyClass? latencyClass)
    {
        if (execution is null)
        {
            return null;
        }
        double? p50 = execution.Number("p50_ms", required: true, FunctionRules.ExecutionMs);
        double? p99 = execution.Number("p99_ms", required: true, FunctionRules.ExecutionMs);
        execution.ReportUnknownKeys();
        if (p50 is null || p99 is null)
        {
            return null;
        }
        var time = new ExecutionTime(p50.Value, p99.Value);
        if ((FunctionRules.P99AtLeastP50(time) ?? FunctionRules.P99WithinBudget(time, latencyClass)) is { } problem)
        {
            execution.Error(execution.Start, "p99_ms " + problem);
            return null;
        }
        return time;
    }

    private static InvocationResources? ReadResources(MappingReader? resources)
    {
        if (resources is null)
        {
            return null;
        }
        double? cores = resources.Number("cores", required: true, FunctionRules.Cores);
        double? memory = resources.Number("memory_mib", required: true, FunctionRules.MemoryMiB);
        resources.ReportUnknownKeys();
        return cores is null || memory is null ? null : new InvocationResources(cores.Value, memory.Value);
    }

    /// <summary>Residency is optional (absent or [] means anywhere); each entry is an ISO country code, listed once.</summary>
    private static ImmutableArray<string>? ReadResidency(MappingReader function)
    {
        YamlSequenceNode? list = function.Sequence("residency", required: false);
        if (list is null)
        {
            return [];
        }
        var codes = ImmutableArray.CreateBuilder<string>(list.Children.Count);
        bool valid = true;
        for (int i = 0; i < list.Children.Count; i++)
        {
            string field = string.Create(CultureInfo.InvariantCulture, $"residency[{i}]");
            string? problem = list.Children[i] switch
            {
                YamlScalarNode { Value: { } code } when ValueRules.Jurisdiction(code) is { } bad => bad,
                YamlScalarNode { Value: { } code } when codes.Contains(code) => $"'{code}' is listed twice: list each jurisdiction once",
                YamlScalarNode { Value: { } code } => Accept(codes, code),
                var other => $"is {MappingReader.Describe(other)}: write a two-letter country code such as JP",
            };
            if (problem is not null)
            {
                function.Error(list.Children[i].Start, field + " " + problem);
                valid = false;
            }
        }
        return valid ? codes.ToImmutable() : null;

        static string? Accept(ImmutableArray<string>.Builder codes, string code)
        {
            codes.Add(code);
            return null;
        }
    }

    private static (int Min, int Max)? ReadReplicas(MappingReader? replicas)
    {
        if (replicas is null)
        {
            return (DefaultMinReplicas, DefaultMaxReplicas);
        }
        double? min = replicas.Number("min", required: false, FunctionRules.Replicas);
        double? max = replicas.Number("max", required: false, FunctionRules.Replicas);
        replicas.ReportUnknownKeys();
        if ((min is null && replicas.Has("min")) || (max is null && replicas.Has("max")))
        {
            return null;
        }
        int lower = (int)(min ?? DefaultMinReplicas);
        int upper = (int)(max ?? Math.Max(DefaultMaxReplicas, lower));
        if (upper < lower)
        {
            replicas.Error(replicas.Start, string.Create(CultureInfo.InvariantCulture, $"max is {upper}, below min {lower}: make max >= min"));
            return null;
        }
        return (lower, upper);
    }
}
