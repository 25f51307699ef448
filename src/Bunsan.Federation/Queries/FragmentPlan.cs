using System.Collections.Immutable;
using System.Text;

namespace Bunsan.Federation.Queries;

/// <summary>
/// What every site runs for one query: DuckDB SQL over the union of its matching tables that returns, per
/// group, the <see cref="GroupKeyCount"/> group-key columns and then <see cref="PartialCount"/> integer
/// partials (BIGINT counts, HUGEINT fixed-point sums). Partial <see cref="RowCountPartial"/> is always COUNT(*).
/// <para>
/// Privacy accounting: <see cref="Sensitivities"/>[p] bounds how much adding or removing one row changes
/// partial p, in p's own integer units (null: unbounded). <see cref="StatisticOf"/>[p] names p's statistic:
/// one row changes every statistic at most once, and within a statistic at most one partial — a histogram's
/// buckets are one statistic, every other partial is a statistic of its own. Split ε across statistics and
/// calibrate each statistic's noise to the largest sensitivity among its partials.
/// </para>
/// </summary>
public sealed class FragmentPlan
{
    /// <summary>Most partials one query may need (1,002 per 1,000-bucket histogram): bounds site SQL and answer size.</summary>
    public const int MaxPartials = 4096;

    private readonly string _prefix;
    private readonly string _suffix;

    internal FragmentPlan(
        int groupKeyCount,
        ImmutableArray<PartialKind> kinds,
        ImmutableArray<string> names,
        ImmutableArray<long?> sensitivities,
        ImmutableArray<int> statisticOf,
        ImmutableArray<string> columns,
        string prefix,
        string suffix)
    {
        GroupKeyCount = groupKeyCount;
        PartialKinds = kinds;
        PartialNames = names;
        Sensitivities = sensitivities;
        StatisticOf = statisticOf;
        StatisticCount = statisticOf.IsEmpty ? 0 : statisticOf.Max() + 1;
        Columns = columns;
        _prefix = prefix;
        _suffix = suffix;
    }

    public int GroupKeyCount { get; }

    public int PartialCount => PartialKinds.Length;

    /// <summary>Index of the COUNT(*) partial (always the first).</summary>
    public int RowCountPartial { get; }

    public ImmutableArray<PartialKind> PartialKinds { get; }

    /// <summary>A readable name per partial, for explanations and the ledger: count(*), sum("x") × 10^6, ….</summary>
    public ImmutableArray<string> PartialNames { get; }

    public ImmutableArray<long?> Sensitivities { get; }

    public ImmutableArray<int> StatisticOf { get; }

    public int StatisticCount { get; }

    /// <summary>The dataset columns the fragment reads; each must exist in every dataset it runs over.</summary>
    public ImmutableArray<string> Columns { get; }

    /// <summary>
    /// The fragment over the union of <paramref name="tables"/> (UNION ALL BY NAME, so column order may differ).
    /// Table names are the site's own: 1 to 128 of [A-Za-z0-9_.-], distinct; they are quoted here.
    /// </summary>
    public string Sql(IReadOnlyList<string> tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        if (tables.Count == 0)
        {
            throw new ArgumentException("a fragment runs over at least one table", nameof(tables));
        }
        if (tables.Distinct(StringComparer.OrdinalIgnoreCase).Count() != tables.Count)
        {
            throw new ArgumentException("a table is listed twice: its rows would count twice", nameof(tables));
        }
        var sql = new StringBuilder(_prefix);
        for (int i = 0; i < tables.Count; i++)
        {
            string table = tables[i];
            if (table.Length is 0 or > 128 || !table.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-'))
            {
                throw new ArgumentException($"table name '{table}' is not 1 to 128 of [A-Za-z0-9_.-]", nameof(tables));
            }
            sql.Append(i == 0 ? "" : " UNION ALL BY NAME ").Append("SELECT * FROM ").Append(SqlNames.Quote(table));
        }
        return sql.Append(_suffix).ToString();
    }
}
