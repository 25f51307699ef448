using Bunsan.Federation.Queries;
using DuckDB.NET.Data;

namespace Bunsan.Federation.Tests.Queries;

/// <summary>
/// The 64-bit paths of the fixed-point SQL compute the same integers as the 128-bit forms they stand in for, over a
/// million values from 10^-12 to 10^25 in both signs, every input type a fragment may sum, and the paths' boundaries.
/// </summary>
public sealed class FixedPointSqlTests
{
    // i ↦ ±(i·7919 mod 1000003) · 10^(i mod 36 − 12): every magnitude, many digit patterns, both signs.
    private const string Spread =
        "SELECT ((i * 7919) % 1000003) * pow(10, (i % 36) - 12) * (CASE WHEN i % 2 = 0 THEN 1 ELSE -1 END) AS x FROM range(0, 1000000) t(i)";

    [Theory]
    [InlineData("x")]
    [InlineData("CAST(x AS DECIMAL(38,10))")]
    [InlineData("CAST(x AS FLOAT)")]
    public void ToFixed_OverAMillionValues_SameAsTheWideForm(string input)
    {
        // The wide form's x · 10^6 is a DECIMAL(38,6): |x| < 10^26. Beyond, both forms refuse, which is not compared here.
        string values = $"SELECT x FROM ({Spread}) WHERE abs(x) < 1e25";

        (long rows, long differ) = Compare($"SELECT {input} AS v FROM ({values})", FixedPoint.ToFixedSql("v"), FixedPoint.WideFixedSql("v"));

        Assert.True(rows > 850_000, $"{rows} values compared");
        Assert.Equal(0, differ);
    }

    [Theory]
    [InlineData("99999999999.999999")]
    [InlineData("99999999999.9999995")]
    [InlineData("-99999999999.9999995")]
    [InlineData("100000000000")]
    [InlineData("0.0000005")]
    [InlineData("-0.0000005")]
    [InlineData("0.0000015")]
    [InlineData("-2.5e-6")]
    [InlineData("123456789.1234565")]
    [InlineData("0")]
    public void ToFixed_AtTheBoundaryAndOnTies_SameAsTheWideForm(string literal)
    {
        foreach (string type in new[] { "DOUBLE", "DECIMAL(38,12)", "VARCHAR" })
        {
            string value = type == "VARCHAR" ? $"CAST('{literal}' AS DOUBLE)" : $"CAST({literal} AS {type})";

            (long rows, long differ) = Compare($"SELECT {value} AS v", FixedPoint.ToFixedSql("v"), FixedPoint.WideFixedSql("v"));

            Assert.Equal((1, 0), (rows, differ));
        }
    }

    [Fact]
    public void ToFixed_IntegersAndNull_SameAsTheWideForm()
    {
        (long rows, long differ) = Compare(
            "SELECT CAST(v AS BIGINT) AS v FROM (VALUES (0), (1), (-1), (99999999999), (100000000000), (-100000000000), (9007199254740993), (NULL)) t(v)",
            FixedPoint.ToFixedSql("v"), FixedPoint.WideFixedSql("v"));

        Assert.Equal((8, 0), (rows, differ));
    }

    [Fact]
    public void Square_OverAMillionFixedPointValues_SameAsTheWideForm()
    {
        // |f| < 1.3·10^19 keeps the wide form's f² inside HUGEINT; the fast path ends at 10^18.
        string values = $"SELECT {FixedPoint.WideFixedSql("x")} AS v FROM ({Spread}) WHERE abs(x) < 1.3e13";

        (long rows, long differ) = Compare(values, FixedPoint.SquareSql("v"), FixedPoint.WideSquareSql("v"));

        Assert.True(rows > 500_000, $"{rows} values compared");
        Assert.Equal(0, differ);
    }

    [Theory]
    [InlineData("999999999999999999")]
    [InlineData("-999999999999999999")]
    [InlineData("1000000000000000000")]
    [InlineData("999999999999500000")]
    [InlineData("500000")]
    [InlineData("-1500000")]
    [InlineData("707106")]
    [InlineData("1")]
    [InlineData("0")]
    public void Square_AtTheBoundaryAndOnTies_SameAsTheWideForm(string f)
    {
        (long rows, long differ) = Compare($"SELECT CAST({f} AS HUGEINT) AS v", FixedPoint.SquareSql("v"), FixedPoint.WideSquareSql("v"));

        Assert.Equal((1, 0), (rows, differ));
    }

    /// <summary>How many rows of <paramref name="values"/> (column v) there are, and on how many the two expressions differ.</summary>
    private static (long Rows, long Differ) Compare(string values, string fast, string wide)
    {
        using var db = new DuckDBConnection("Data Source=:memory:");
        db.Open();
        using DuckDBCommand command = db.CreateCommand();
        command.CommandText = $"SELECT count(*), count(*) FILTER (WHERE ({fast}) IS DISTINCT FROM ({wide})) FROM ({values}) AS s";
        using DuckDBDataReader reader = command.ExecuteReader();
        Assert.True(reader.Read());
        return (reader.GetInt64(0), reader.GetInt64(1));
    }
}
