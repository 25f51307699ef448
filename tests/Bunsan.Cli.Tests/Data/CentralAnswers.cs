using System.Text.Json;
using System.Text.RegularExpressions;
using Bunsan.Federation.Queries;
using DuckDB.NET.Data;

namespace Bunsan.Cli.Tests.Data;

/// <summary>
/// The reference a federated answer is held to: the same SQL run centrally by DuckDB over the union of the station files,
/// as if every owner had handed its rows over. federation('pattern') becomes read_csv(union_by_name) over the files of the
/// matching datasets — the type detection each site's load used.
/// </summary>
internal static partial class CentralAnswers
{
    /// <summary>The rows DuckDB answers, in the order of their leading <paramref name="keys"/> values.</summary>
    public static List<object?[]> Run(DataFederation federation, string sql, int keys)
    {
        string central = FederationSource().Replace(sql, match =>
        {
            string pattern = match.Groups[1].Value;
            IEnumerable<string> files = federation.Files.Where(f => DatasetName.Matches(pattern, f.Key)).Select(f => $"'{f.Value}'");
            return $"read_csv([{string.Join(", ", files)}], union_by_name = true, header = true)";
        });
        using var db = new DuckDBConnection("Data Source=:memory:");
        db.Open();
        using DuckDBCommand command = db.CreateCommand();
        command.CommandText = central + (keys > 0 ? " ORDER BY ALL" : "");
        using DuckDBDataReader reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            rows.Add([.. Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? null : reader.GetValue(i))]);
        }
        return rows;
    }

    /// <summary>Asserts a JSON answer cell equals DuckDB's: integers and exact decimals exactly, doubles to 1e-9 relative.</summary>
    public static void AssertCell(object? expected, JsonElement actual, string where)
    {
        switch (expected)
        {
            case null:
                Assert.True(actual.ValueKind == JsonValueKind.Null, $"{where}: DuckDB says NULL, Bunsan {actual}");
                break;
            case double d:
                double a = actual.GetDouble();
                Assert.True(Math.Abs(d - a) <= 1e-9 * Math.Abs(d), $"{where}: Bunsan {a:R}, DuckDB {d:R}");
                break;
            case decimal exact:
                Assert.True(exact == actual.GetDecimal(), $"{where}: Bunsan {actual}, DuckDB {exact}");
                break;
            default:
                Assert.True(Convert.ToInt64(expected, System.Globalization.CultureInfo.InvariantCulture) == actual.GetInt64(),
                    $"{where}: Bunsan {actual}, DuckDB {expected}");
                break;
        }
    }

    [GeneratedRegex(@"federation\('([^']*)'\)")]
    private static partial Regex FederationSource();
}
