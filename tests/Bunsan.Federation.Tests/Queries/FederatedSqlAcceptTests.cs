using Bunsan.Federation.Queries;

namespace Bunsan.Federation.Tests.Queries;

public sealed class FederatedSqlAcceptTests
{
    public static TheoryData<string, string> Canonical => new()
    {
        { "select count(*) from tokyo", "SELECT count(*) FROM \"tokyo\"" },
        { "SELECT COUNT(*) FROM \"01101010\";", "SELECT count(*) FROM \"01101010\"" },
        { "SELECT count(*) AS n, sum(clamp(NO2_mean, 0, 200)) total FROM federation('nies-*')",
            "SELECT count(*) AS \"n\", sum(clamp(\"NO2_mean\", 0, 200)) AS \"total\" FROM federation('nies-*')" },
        { "SELECT year(date), avg(x) FROM d WHERE date >= DATE '2015-01-01' AND x > 10 GROUP BY year(date)",
            "SELECT year(\"date\"), avg(\"x\") FROM \"d\" WHERE ((\"date\" >= DATE '2015-01-01') AND (\"x\" > 10)) GROUP BY year(\"date\")" },
        { "SELECT variance(x), stddev(x), var_pop(x), stddev_pop(x) FROM d",
            "SELECT var_samp(\"x\"), stddev_samp(\"x\"), var_pop(\"x\"), stddev_pop(\"x\") FROM \"d\"" },
        { "SELECT histogram(x, -5, 5.5, 10) FROM d", "SELECT histogram(\"x\", -5, 5.5, 10) FROM \"d\"" },
        { "SELECT count(x) FROM d WHERE NOT a = 1 OR b IS NOT NULL AND c NOT BETWEEN 1 AND 2",
            "SELECT count(\"x\") FROM \"d\" WHERE ((NOT (\"a\" = 1)) OR ((\"b\" IS NOT NULL) AND (\"c\" NOT BETWEEN 1 AND 2)))" },
        { "SELECT count(*) FROM d WHERE s IN ('a', 'it''s') AND n NOT IN (-1, 2.5, NULL) AND f = TRUE",
            "SELECT count(*) FROM \"d\" WHERE (((\"s\" IN ('a', 'it''s')) AND (\"n\" NOT IN (-1, 2.5, NULL))) AND (\"f\" = TRUE))" },
        { "SELECT count(*) FROM d WHERE a + b * c - -d % 2 / e <> 1 AND a != 2",
            "SELECT count(*) FROM \"d\" WHERE ((((\"a\" + (\"b\" * \"c\")) - (((-\"d\") % 2) / \"e\")) <> 1) AND (\"a\" <> 2))" },
        { "SELECT CASE WHEN x >= 20 THEN 'high' ELSE 'low' END AS level, count(*) FROM d GROUP BY CASE WHEN x >= 20 THEN 'high' ELSE 'low' END",
            "SELECT CASE WHEN (\"x\" >= 20) THEN 'high' ELSE 'low' END AS \"level\", count(*) FROM \"d\" GROUP BY CASE WHEN (\"x\" >= 20) THEN 'high' ELSE 'low' END" },
        { "SELECT date_trunc('MONTH', date), count(*) FROM d GROUP BY date_trunc('month', date)",
            "SELECT date_trunc('month', \"date\"), count(*) FROM \"d\" GROUP BY date_trunc('month', \"date\")" },
        { "SELECT avg(CAST(round(abs(x), 1) AS double)) FROM d WHERE coalesce(lower(s), upper(t)) = 'a' AND length(s) > least(1, 2, greatest(3, 4))",
            "SELECT avg(CAST(round(abs(\"x\"), 1) AS DOUBLE)) FROM \"d\" WHERE ((coalesce(lower(\"s\"), upper(\"t\")) = 'a') AND (length(\"s\") > least(1, 2, greatest(3, 4))))" },
        { "SELECT \"Station Name\", count(*) FROM d GROUP BY \"Station Name\"",
            "SELECT \"Station Name\", count(*) FROM \"d\" GROUP BY \"Station Name\"" },
        { "SELECT count(*) FROM d WHERE floor(x) = ceil(x) AND month(t) = 1 AND day(t) = 2 AND dayofweek(t) = 3 AND hour(t) = 4 AND +x > 1e3",
            "SELECT count(*) FROM \"d\" WHERE ((((((floor(\"x\") = ceil(\"x\")) AND (month(\"t\") = 1)) AND (day(\"t\") = 2)) AND (dayofweek(\"t\") = 3)) AND (hour(\"t\") = 4)) AND (\"x\" > 1e3))" },
        { "SELECT \"select\", count(*) FROM d GROUP BY \"select\"", "SELECT \"select\", count(*) FROM \"d\" GROUP BY \"select\"" },
        { "SELECT count(*) FROM d WHERE \"気温\" > 30 AND city = '東京' AND s = '; DROP TABLE d; --'",
            "SELECT count(*) FROM \"d\" WHERE (((\"気温\" > 30) AND (\"city\" = '東京')) AND (\"s\" = '; DROP TABLE d; --'))" },
    };

    [Theory]
    [MemberData(nameof(Canonical))]
    public void Parse_AcceptedQuery_RegeneratesCanonicalText(string sql, string expected)
    {
        QueryParse parse = FederatedSql.Parse(sql);

        Assert.Null(parse.Error);
        Assert.Equal(expected, parse.Query!.Text);
    }

    [Theory]
    [MemberData(nameof(Canonical))]
    public void Parse_CanonicalText_ParsesToItself(string sql, string expected)
    {
        _ = sql;
        FederatedQuery again = FederatedSql.Parse(expected).Query!;

        Assert.Equal(expected, again.Text);
    }

    [Fact]
    public void Parse_Null_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => FederatedSql.Parse(null!));
    }

    [Fact]
    public void Parse_SpacingAndCase_GiveTheSameTextAndHash()
    {
        FederatedQuery a = FederatedSql.Parse("SELECT COUNT(*) AS n FROM Tokyo WHERE x>1 GROUP BY y").Query!;
        FederatedQuery b = FederatedSql.Parse("select\n\tcount( * ) n\nfrom  tokyo where (x > 1) group by (y);").Query!;

        Assert.Equal(a.Text, b.Text);
        Assert.Equal(a.Hash, b.Hash);
        Assert.Matches("^sha256:[0-9a-f]{64}$", a.Hash);
    }

    [Fact]
    public void Parse_Hash_IsSha256OfCanonicalText()
    {
        FederatedQuery query = FederatedSql.Parse("SELECT count(*) FROM d").Query!;

        string expected = "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("SELECT count(*) FROM \"d\""u8));
        Assert.Equal(expected, query.Hash);
    }

    [Fact]
    public void Parse_Query_ListsColumnsOnceInOrderOfFirstUse()
    {
        FederatedQuery query = FederatedSql.Parse("SELECT year(date), sum(clamp(b, 0, 1)), avg(B) FROM d WHERE a > 1 AND date IS NOT NULL GROUP BY year(date)").Query!;

        Assert.Equal(["date", "b", "a"], query.Columns);
    }

    [Fact]
    public void Parse_Query_NamesOutputsByAliasColumnOrText()
    {
        FederatedQuery query = FederatedSql.Parse("SELECT city, year(t), count(*) AS n, avg(x) FROM d GROUP BY city, year(t)").Query!;

        Assert.Equal(["city", "year(\"t\")", "n", "avg(\"x\")"], query.OutputNames);
    }

    [Theory]
    [InlineData("SELECT count(*) FROM tokyo-2020", false)]
    [InlineData("SELECT count(*) FROM \"tokyo-2020\"", true)]
    [InlineData("SELECT count(*) FROM federation('tokyo-*')", true)]
    [InlineData("SELECT count(*) FROM federation('*-2020')", true)]
    [InlineData("SELECT count(*) FROM federation('tokyo-20?0')", true)]
    [InlineData("SELECT count(*) FROM federation('osaka-*')", false)]
    public void Matches_Source_SelectsDatasets(string sql, bool matches)
    {
        QueryParse parse = FederatedSql.Parse(sql);

        // "FROM tokyo-2020" reads as the dataset tokyo followed by junk, and is refused.
        Assert.Equal(matches, parse.Query?.Matches("tokyo-2020") ?? false);
    }

    [Theory]
    [InlineData("SELECT count(*), count(x), histogram(x, 0, 1, 4) FROM d", null)]
    [InlineData("SELECT sum(clamp(x, -1, 1)), avg(clamp(x, 0, 9)), var_samp(clamp(x, 0, 9)), stddev_pop(clamp(x, 0, 9)) FROM d", null)]
    [InlineData("SELECT count(*), sum(x) FROM d", "SUM (item 2) has no bound on one row's contribution: wrap its argument in clamp(expr, lo, hi), e.g. SUM(clamp(x, 0, 100))")]
    [InlineData("SELECT avg(clamp(x, 0, 1) + 1) FROM d", "AVG (item 1) has no bound")]
    [InlineData("SELECT sum(clamp(x, 0, 1e20)) FROM d", "clamp's bounds are too large")]
    public void PrivacyProblem_Aggregates_NeedClampedArguments(string sql, string? problem)
    {
        FederatedQuery query = FederatedSql.Parse(sql).Query!;

        if (problem is null)
        {
            Assert.Null(query.PrivacyProblem);
        }
        else
        {
            Assert.Contains(problem, query.PrivacyProblem, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Parse_ClampWithNegativeBounds_RunsAsGreatestLeast()
    {
        FederatedQuery query = FederatedSql.Parse("SELECT sum(clamp(x, -5, -1)) FROM d").Query!;

        Assert.Equal("SELECT sum(clamp(\"x\", -5, -1)) FROM \"d\"", query.Text);
        Assert.Contains("greatest((-5), least((-1), \"x\"))", query.Fragment.Sql(["t"]), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TwoHundredFiftySixItems_AreAccepted()
    {
        string items = string.Join(", ", Enumerable.Range(0, 256).Select(i => $"count(c{i})"));

        Assert.True(FederatedSql.Parse($"SELECT {items} FROM d").Ok);
    }

    [Fact]
    public void Parse_SixtyFourLevels_AreAccepted()
    {
        string nested = new string('(', 60) + "x" + new string(')', 60);

        Assert.True(FederatedSql.Parse($"SELECT count({nested}) FROM d").Ok);
    }
}
