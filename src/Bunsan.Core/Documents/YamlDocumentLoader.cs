using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Bunsan.Core.Documents;

/// <summary>
/// Turns a user's YAML or JSON text (JSON is a subset of YAML) into a mapping node, or records why not.
/// A first pass over the parser's events rejects what would hurt the second: nesting deep enough to
/// overflow the stack of YamlDotNet's recursive node builder (which would kill the process, not throw),
/// and aliases (a "billion laughs" file expands exponentially when walked).
/// </summary>
internal static class YamlDocumentLoader
{
    /// <summary>64 Mi characters holds a ~150,000-site topology; anything larger is not a hand-written file.</summary>
    public const int MaxCharacters = 64 * 1024 * 1024;

    /// <summary>Our schemas nest at most four levels; 64 leaves room and stays far from the stack's limit.</summary>
    public const int MaxDepth = 64;

    public static YamlMappingNode? Load(string? text, DocumentErrors errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            errors.Add("is empty: write a YAML or JSON document");
            return null;
        }
        if (text.Length > MaxCharacters)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"is {text.Length} characters long: the limit is {MaxCharacters}; split the file"));
            return null;
        }
        try
        {
            if (!PreScan(text, errors))
            {
                return null;
            }
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" or "~" or "null" })
            {
                errors.Add("is empty: write a YAML or JSON document");
                return null;
            }
            if (stream.Documents[0].RootNode is not YamlMappingNode root)
            {
                errors.Add(stream.Documents[0].RootNode.Start, "the document is not a mapping: start with keys such as 'name:' and list items under them");
                return null;
            }
            return root;
        }
        catch (YamlException e)
        {
            errors.Add(e.Start, "is not valid YAML or JSON: " + Describe(e));
            return null;
        }
    }

    private static bool PreScan(string text, DocumentErrors errors)
    {
        var parser = new Parser(new StringReader(text));
        int depth = 0;
        int documents = 0;
        while (parser.MoveNext())
        {
            switch (parser.Current)
            {
                case DocumentStart:
                    if (++documents > 1)
                    {
                        errors.Add(parser.Current.Start, "holds more than one YAML document: keep one (remove the '---' separators)");
                        return false;
                    }
                    break;
                case AnchorAlias alias:
                    errors.Add(alias.Start, $"uses the alias *{alias.Value}: aliases are not supported, write the value out");
                    return false;
                case MappingStart or SequenceStart:
                    if (++depth > MaxDepth)
                    {
                        errors.Add(parser.Current.Start, $"nests deeper than {MaxDepth} levels: no Bunsan file nests that deep");
                        return false;
                    }
                    break;
                case MappingEnd or SequenceEnd:
                    depth--;
                    break;
            }
        }
        return true;
    }

    /// <summary>YamlDotNet's messages start with "(Line: 3, Col: 5, ...)": our prefix already says where.</summary>
    private static string Describe(YamlException e)
    {
        string message = e.Message;
        int close = message.StartsWith("(Line:", StringComparison.Ordinal) ? message.IndexOf("): ", StringComparison.Ordinal) : -1;
        message = close >= 0 ? message[(close + 3)..] : message;
        const string duplicate = "Duplicate key ";
        return message.StartsWith(duplicate, StringComparison.Ordinal)
            ? $"the key {ValueRules.Show(message[duplicate.Length..])} appears twice in one mapping: keep one"
            : message;
    }
}
