using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;

namespace Bunsan.Federation.Queries;

/// <summary>
/// A validated federated aggregate query: its canonical text (regenerated from the AST, so equal queries
/// hash equally and the ledger records what actually runs), its source, the columns it reads, what it
/// answers, and the fragment every site runs.
/// </summary>
public sealed class FederatedQuery
{
    internal FederatedQuery(
        string text,
        string source,
        bool isFederation,
        ImmutableArray<string> columns,
        ImmutableArray<OutputColumn> outputs,
        string? privacyProblem,
        FragmentPlan fragment)
    {
        Text = text;
        Hash = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        Source = source;
        IsFederation = isFederation;
        Columns = columns;
        Outputs = outputs;
        OutputNames = [.. outputs.Select(o => o.Name)];
        PrivacyProblem = privacyProblem;
        Fragment = fragment;
    }

    /// <summary>Canonical SQL: keywords upper case, functions lower case, identifiers quoted, every operation parenthesised.</summary>
    public string Text { get; }

    /// <summary>"sha256:" + lower-case hex of SHA-256 over the UTF-8 of <see cref="Text"/>.</summary>
    public string Hash { get; }

    /// <summary>Whether the source is federation('pattern') rather than one dataset.</summary>
    public bool IsFederation { get; }

    /// <summary>The dataset name, or the glob pattern of federation('pattern').</summary>
    public string Source { get; }

    /// <summary>The dataset columns the query reads, in order of first appearance (DuckDB matches them case-insensitively).</summary>
    public ImmutableArray<string> Columns { get; }

    /// <summary>The answer's column names: the alias, else the column name, else the item's canonical text.</summary>
    public ImmutableArray<string> OutputNames { get; }

    /// <summary>
    /// Null when every aggregate's per-row contribution is bounded, so differential privacy can calibrate its
    /// noise: COUNT and HISTOGRAM always are; SUM, AVG, VAR_* and STDDEV_* only over clamp(expr, lo, hi).
    /// Otherwise what to change.
    /// </summary>
    public string? PrivacyProblem { get; }

    public FragmentPlan Fragment { get; }

    internal ImmutableArray<OutputColumn> Outputs { get; }

    /// <summary>Whether the query reads <paramref name="dataset"/>.</summary>
    public bool Matches(string dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return IsFederation ? DatasetName.Matches(Source, dataset) : string.Equals(Source, dataset, StringComparison.Ordinal);
    }

    public override string ToString() => Text;
}

/// <summary>
/// One answer column and where its value comes from: group key <see cref="KeyIndex"/>, or an aggregate
/// over the partials named by index (−1 where the aggregate does not use one).
/// </summary>
internal sealed record OutputColumn(string Name, int KeyIndex, AggregateCall? Aggregate, int CountPartial, int SumPartial, int SquaresPartial, int FirstBucket);

/// <summary>The outcome of <see cref="FederatedSql.Parse"/>: a query, or a one-line error naming what, where and the fix.</summary>
public sealed record QueryParse(FederatedQuery? Query, string? Error)
{
    public bool Ok => Query is not null;
}
