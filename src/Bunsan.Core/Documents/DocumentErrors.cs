using System.Collections.Immutable;
using System.Globalization;
using YamlDotNet.Core;

namespace Bunsan.Core.Documents;

/// <summary>
/// Collects every problem in a user's file, each prefixed with "source:line:column: " so an editor can
/// jump to it. Capped: a million bad sites should produce a readable report, not a gigabyte of text.
/// </summary>
internal sealed class DocumentErrors(string sourceName)
{
    public const int MaxReported = 200;

    private readonly ImmutableArray<string>.Builder _errors = ImmutableArray.CreateBuilder<string>();
    private int _dropped;

    public string SourceName { get; } = sourceName;

    public int Count => _errors.Count + _dropped;

    public void Add(Mark? at, string message)
    {
        string line = at is { } mark
            ? string.Create(CultureInfo.InvariantCulture, $"{SourceName}:{mark.Line}:{mark.Column}: {message}")
            : $"{SourceName}: {message}";
        if (_errors.Count < MaxReported)
        {
            _errors.Add(line);
        }
        else
        {
            _dropped++;
        }
    }

    public void Add(string message) => Add(null, message);

    public ImmutableArray<string> ToImmutable()
    {
        if (_dropped == 0)
        {
            return _errors.ToImmutable();
        }
        return _errors.ToImmutable().Add(string.Create(CultureInfo.InvariantCulture, $"{SourceName}: ... and {_dropped} more errors not shown: fix the ones above first"));
    }
}
