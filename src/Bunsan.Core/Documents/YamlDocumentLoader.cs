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
        if (text is { Length: > MaxCharacters })
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"is {text.Length} characters long: the limit is {MaxCharacters}; split the file"));
            return null;
        }
        if (string.IsNullOrWhiteSpace(text))
        {
            errors.Add("is empty: write a YAML or JSON document");
            return null;
        }
        // A byte-order mark survives when a caller decodes bytes without detecting it; YAML reads it as content.
        if (text[0] == '\uFEFF')
        {
            text = text[1..];
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
        // Per open collection: is it a mapping, how many child nodes so far, where its last key began.
        var open = new Stack<(bool IsMapping, int Children, Mark? LastKey)>();
        int documents = 0;
        Mark? lastGood = null;
        while (true)
        {
            try
            {
                if (!parser.MoveNext())
                {
                    return true;
                }
            }
            catch (InvalidOperationException)
            {
                // YamlDotNet 16.3's scanner throws this, without a position, on some malformed flow
                // collections (found by fuzzing: "{ co\nres: 1 }" inside an indented block).
                errors.Add(lastGood, "is not valid YAML or JSON after this point: check brackets, quotes and line breaks");
                return false;
            }
            ParsingEvent current = parser.Current!;
            lastGood = current.Start;
            if (current is NodeEvent && open.TryPop(out var parent))
            {
                bool isKey = parent.IsMapping && parent.Children % 2 == 0;
                open.Push((parent.IsMapping, parent.Children + 1, isKey ? current.Start : parent.LastKey));
            }
            switch (current)
            {
                case DocumentStart when ++documents > 1:
                    errors.Add(current.Start, "holds more than one YAML document: keep one (remove the '---' separators)");
                    return false;
                case AnchorAlias alias:
                    errors.Add(alias.Start, $"uses the alias *{alias.Value}: aliases are not supported, write the value out");
                    return false;
                case MappingStart or SequenceStart when open.Count >= MaxDepth:
                    errors.Add(current.Start, $"nests deeper than {MaxDepth} levels: no Bunsan file nests that deep");
                    return false;
                case MappingStart or SequenceStart:
                    open.Push((current is MappingStart, 0, null));
                    break;
                case MappingEnd or SequenceEnd:
                    // YamlDotNet 16.3's parser can drop a value (fuzzing: "- : a\n    b: c") and emit a mapping with
                    // an odd number of nodes, which its node builder rejects with an exception that has no position.
                    if (open.Pop() is { IsMapping: true, Children: var children, LastKey: var key } && children % 2 == 1)
                    {
                        errors.Add(key, "is not valid YAML or JSON: this key has no value; check the colons and indentation here");
                        return false;
                    }
                    break;
            }
        }
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
