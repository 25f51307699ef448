using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Bunsan.Core.Documents;

/// <summary>
/// Reads typed fields out of one YAML mapping, reporting each problem as
/// "{context}{prefix}{key} {problem}: {fix}", e.g. "sites[3] (edge-aomori): capacity.cores is -4: use ...".
/// Every key asked for becomes a known key; <see cref="ReportUnknownKeys"/> then flags the rest, so a
/// typo such as "memory_gb" is an error rather than a silently missing value.
/// </summary>
internal sealed class MappingReader
{
    private readonly YamlMappingNode _node;
    private readonly DocumentErrors _errors;
    private readonly string _prefix;
    private readonly List<string> _known = [];

    public MappingReader(YamlMappingNode node, DocumentErrors errors, string context, string prefix = "")
    {
        _node = node;
        _errors = errors;
        Context = context;
        _prefix = prefix;
    }

    /// <summary>Names the element being read, e.g. "sites[3] (edge-aomori): "; settable once its id is known.</summary>
    public string Context { get; set; }

    public Mark Start => _node.Start;

    public void Error(Mark at, string keyAndProblem) => _errors.Add(at, Context + _prefix + keyAndProblem);

    /// <summary>Whether the key is present with a non-null value (it is not marked as known).</summary>
    public bool Has(string key) => _node.Children.TryGetValue(new YamlScalarNode(key), out YamlNode? node) && !IsNull(node);

    /// <summary>A string field; null when absent or invalid (the error is already recorded).</summary>
    public string? String(string key, bool required, Func<string, string?>? rule = null)
    {
        YamlScalarNode? scalar = Scalar(key, required, "text");
        if (scalar is null)
        {
            return null;
        }
        string value = scalar.Value ?? "";
        if (rule?.Invoke(value) is { } problem)
        {
            Error(scalar.Start, key + " " + problem);
            return null;
        }
        return value;
    }

    /// <summary>A number written without quotes (JSON numbers and YAML plain scalars); null when absent or invalid.</summary>
    public double? Number(string key, bool required, Func<double, string?> rule)
    {
        YamlScalarNode? scalar = Scalar(key, required, "a number");
        if (scalar is null)
        {
            return null;
        }
        string text = scalar.Value ?? "";
        if (scalar.Style is not (ScalarStyle.Plain or ScalarStyle.Any) || !TryParseNumber(text, out double value))
        {
            Error(scalar.Start, $"{key} is {Quote(text, scalar.Style)}, not a number: write a number without quotes");
            return null;
        }
        if (rule(value) is { } problem)
        {
            Error(scalar.Start, key + " " + problem);
            return null;
        }
        return value;
    }

    /// <summary>A nested mapping, read with the field's path as prefix (e.g. "capacity.").</summary>
    public MappingReader? Mapping(string key, bool required)
    {
        YamlNode? node = Get(key, required, "a mapping of fields");
        if (node is null)
        {
            return null;
        }
        if (node is not YamlMappingNode mapping)
        {
            Error(node.Start, $"{key} is {Describe(node)}: write a mapping of fields, e.g. {{ key: value }}");
            return null;
        }
        return new MappingReader(mapping, _errors, Context, _prefix + key + ".");
    }

    /// <summary>A list; null when absent or not a list.</summary>
    public YamlSequenceNode? Sequence(string key, bool required)
    {
        YamlNode? node = Get(key, required, "a list");
        if (node is null)
        {
            return null;
        }
        if (node is not YamlSequenceNode sequence)
        {
            Error(node.Start, $"{key} is {Describe(node)}: write a list, one '- ' item per line or [a, b]");
            return null;
        }
        return sequence;
    }

    /// <summary>Flags every key not asked for, suggesting the nearest known one.</summary>
    public void ReportUnknownKeys()
    {
        foreach (var (keyNode, _) in _node.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } key })
            {
                Error(keyNode.Start, $"has a key that is {Describe(keyNode)}: keys must be plain names");
                continue;
            }
            if (_known.Contains(key, StringComparer.Ordinal))
            {
                continue;
            }
            string? nearest = _known.MinBy(k => EditDistance(k, key));
            string hint = nearest is not null && EditDistance(nearest, key) <= 2
                ? $"did you mean '{nearest}'?"
                : "remove it or use one of: " + string.Join(", ", _known);
            Error(keyNode.Start, $"{ValueRules.Shorten(key)} is not a known field: {hint}");
        }
    }

    /// <summary>Scalars that YAML writes for "nothing"; a key given one of these is treated as missing.</summary>
    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    public static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode s => Quote(s.Value ?? "", s.Style),
        _ => "an unsupported node",
    };

    private YamlNode? Get(string key, bool required, string expected)
    {
        _known.Add(key);
        if (!_node.Children.TryGetValue(new YamlScalarNode(key), out YamlNode? node) || IsNull(node))
        {
            if (required)
            {
                Error(node?.Start ?? _node.Start, $"{key} is missing: add {expected}");
            }
            return null;
        }
        return node;
    }

    private YamlScalarNode? Scalar(string key, bool required, string expected)
    {
        YamlNode? node = Get(key, required, expected);
        if (node is null)
        {
            return null;
        }
        if (node is not YamlScalarNode scalar)
        {
            Error(node.Start, $"{key} is {Describe(node)}: write {expected}");
            return null;
        }
        return scalar;
    }

    private static bool TryParseNumber(string text, out double value)
    {
        // YAML 1.1 spellings of the special values, so ".nan" reaches the range rule as NaN and is named as such.
        switch (text)
        {
            case ".nan" or ".NaN" or ".NAN":
                value = double.NaN;
                return true;
            case ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF":
                value = double.PositiveInfinity;
                return true;
            case "-.inf" or "-.Inf" or "-.INF":
                value = double.NegativeInfinity;
                return true;
        }
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    private static string Quote(string text, ScalarStyle style) =>
        style is ScalarStyle.Plain or ScalarStyle.Any ? $"'{ValueRules.Shorten(text)}'" : $"the quoted text \"{ValueRules.Shorten(text)}\"";

    /// <summary>Levenshtein distance, capped: keys are short, so the O(n·m) table costs a few hundred cells.</summary>
    private static int EditDistance(string a, string b)
    {
        if (Math.Abs(a.Length - b.Length) > 2 || a.Length > 64 || b.Length > 64)
        {
            return int.MaxValue;
        }
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
