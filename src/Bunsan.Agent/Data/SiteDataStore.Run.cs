using System.Collections.Immutable;
using System.Numerics;
using DuckDB.NET.Data;
using Bunsan.Federation.Queries;

namespace Bunsan.Agent.Data;

/// <summary>Running a query fragment over some of the datasets held here.</summary>
public sealed partial class SiteDataStore
{
    /// <summary>
    /// Runs <paramref name="plan"/> over the union of <paramref name="datasets"/>: per group, its key and its
    /// integer partials, ordered by key. Every column the plan reads must exist in every dataset (the error names
    /// both). Over no datasets, a query without GROUP BY still has its one group, all zeros.
    /// </summary>
    public FragmentResult Run(FragmentPlan plan, IReadOnlyList<string> datasets)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(datasets);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (datasets.Count == 0)
            {
                return new FragmentResult(plan.GroupKeyCount == 0 ? [new FragmentGroup(GroupKey.Empty, new Int128[plan.PartialCount])] : [], null);
            }
            string? repeated = datasets.GroupBy(d => d, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1)?.Key;
            if (repeated is not null)
            {
                return FragmentResult.Failed($"dataset '{repeated}' is listed twice: its rows would count twice");
            }
            foreach (string dataset in datasets)
            {
                DatasetInfo? info = DescribeHeld(dataset);
                if (info is null)
                {
                    return FragmentResult.Failed($"dataset '{dataset}' is not held at this site");
                }
                string? missing = plan.Columns.FirstOrDefault(c => !info.Columns.Any(held => string.Equals(held.Name, c, StringComparison.OrdinalIgnoreCase)));
                if (missing is not null)
                {
                    return FragmentResult.Failed($"dataset '{dataset}' has no column '{missing}': a query may read only columns that every dataset it matches has");
                }
            }
            return Execute(plan.Sql([.. datasets.Select(DatasetCatalog.TableOf)]), plan.GroupKeyCount, plan.PartialCount);
        }
    }

    /// <summary>Runs fragment SQL on the locked connection and reads its groups. Internal so tests can hand it hostile SQL.</summary>
    internal FragmentResult Execute(string sql, int keyCount, int partialCount)
    {
        var groups = new List<FragmentGroup>();
        try
        {
            using var command = new DuckDBCommand(sql, _connection);
            using DuckDBDataReader reader = command.ExecuteReader();
            if (reader.FieldCount != keyCount + partialCount)
            {
                return FragmentResult.Failed($"the fragment returned {reader.FieldCount} columns, not {keyCount + partialCount}");
            }
            while (reader.Read())
            {
                if (groups.Count == _options.MaxGroups)
                {
                    return FragmentResult.Failed($"the fragment has more than {_options.MaxGroups} groups at this site: group by coarser expressions");
                }
                var key = new object?[keyCount];
                for (int i = 0; i < keyCount; i++)
                {
                    if (!DuckDbKeyValues.TryConvert(reader.IsDBNull(i) ? null : reader.GetValue(i), out key[i], out string? problem))
                    {
                        return FragmentResult.Failed($"group key {i + 1}: {problem}");
                    }
                }
                var partials = new Int128[partialCount];
                for (int p = 0; p < partialCount; p++)
                {
                    partials[p] = reader.GetValue(keyCount + p) switch
                    {
                        long count => count,
                        BigInteger sum => (Int128)sum,
                        var other => throw new InvalidOperationException($"partial {p} is a {other.GetType().Name}, not BIGINT or HUGEINT"),
                    };
                }
                groups.Add(new FragmentGroup(new GroupKey(key), partials));
            }
        }
        catch (DuckDBException e)
        {
            return FragmentResult.Failed($"the fragment failed at this site: {FirstLine(e.Message)}");
        }
        return new FragmentResult([.. groups.OrderBy(g => g.Key)], null);
    }
}
