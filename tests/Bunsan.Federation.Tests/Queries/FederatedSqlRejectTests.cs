using Bunsan.Federation.Queries;

namespace Bunsan.Federation.Tests.Queries;

public sealed class FederatedSqlRejectTests
{
    public static TheoryData<string, string> Rejected => new()
    {
        // Raw rows.
        { "SELECT * FROM d", "SELECT * (position 8) is not supported: Bunsan answers aggregates only: raw rows never leave a site" },
        { "SELECT x FROM d", "Bunsan answers aggregates only: raw rows never leave a site" },
        { "SELECT x, y FROM d GROUP BY x, y", "Bunsan answers aggregates only" },
        { "SELECT DISTINCT x FROM d", "SELECT DISTINCT (position 8) is not supported" },
        { "SELECT x, count(*) FROM d", "item 1 (\"x\" at position 8) is neither an aggregate nor a GROUP BY expression" },
        { "SELECT y, count(*) FROM d GROUP BY x", "item 1 (\"y\" at position 8) is neither an aggregate nor a GROUP BY expression" },
        { "SELECT t.*, count(*) FROM d", "schema-qualified names" },
        // Aggregates that reveal rows or do not decompose.
        { "SELECT min(x) FROM d", "MIN (position 8) is not supported: such aggregates reveal single rows or are not decomposable" },
        { "SELECT max(x) FROM d", "MAX (position 8) is not supported" },
        { "SELECT any_value(x) FROM d", "ANY_VALUE (position 8) is not supported" },
        { "SELECT first(x) FROM d", "FIRST (position 8)" },
        { "SELECT list(x) FROM d", "LIST (position 8)" },
        { "SELECT string_agg(x, ',') FROM d", "STRING_AGG (position 8)" },
        { "SELECT mode(x) FROM d", "MODE (position 8)" },
        { "SELECT median(x) FROM d", "MEDIAN (position 8)" },
        { "SELECT quantile(x, 0.5) FROM d", "QUANTILE (position 8)" },
        { "SELECT count(DISTINCT x) FROM d", "COUNT(DISTINCT …) at position 8 is not supported" },
        { "SELECT sum(*) FROM d", "SUM(*) at position 8 is not valid" },
        { "SELECT sum() FROM d", "SUM() at position 8 needs an argument" },
        { "SELECT sum(x) FILTER (WHERE x > 1) FROM d", "FILTER (position 15) is not supported" },
        { "SELECT sum(x) OVER () FROM d", "window functions (OVER at position 15)" },
        // Where aggregates may not be.
        { "SELECT sum(sum(x)) FROM d", "aggregates may not nest (SUM at position 12" },
        { "SELECT count(*) FROM d WHERE sum(x) > 1", "aggregates are not allowed in WHERE (SUM at position 30)" },
        { "SELECT count(*) FROM d GROUP BY count(x)", "aggregates are not allowed in GROUP BY (COUNT at position 33)" },
        { "SELECT sum(x) + 1 FROM d", "item 1: an expression over an aggregate ('+' at position 15) is not supported" },
        { "SELECT 1 + sum(x) FROM d", "the aggregate SUM at position 12 is inside an expression" },
        // Statements and clauses.
        { "", "the query is empty" },
        { "WITH t AS (SELECT 1) SELECT count(*) FROM t", "CTEs (WITH at position 1) are not supported" },
        { "(SELECT count(*) FROM d)", "subqueries (position 1) are not supported" },
        { "PRAGMA version", "only a single SELECT statement is accepted, not 'PRAGMA' at position 1" },
        { "COPY d TO '/tmp/x'", "only a single SELECT statement is accepted, not 'COPY'" },
        { "ATTACH '/etc/x' AS y", "only a single SELECT statement is accepted, not 'ATTACH'" },
        { "SELECT count(*) FROM d; SELECT count(*) FROM e", "only one statement is accepted: remove what follows the ';' at position 23" },
        { "SELECT count(*) FROM d; DROP TABLE d", "only one statement is accepted" },
        { "SELECT count(*) FROM d ORDER BY 1", "ORDER (position 24) is not supported" },
        { "SELECT count(*) FROM d LIMIT 1", "LIMIT (position 24) is not supported" },
        { "SELECT count(*) FROM d GROUP BY x HAVING count(*) > 1", "HAVING (position 35) is not supported" },
        { "SELECT count(*) FROM d UNION SELECT count(*) FROM e", "UNION (position 24) is not supported" },
        { "SELECT count(*) FROM d, e", "joins (',' at position 23) are not supported" },
        { "SELECT count(*) FROM d JOIN e ON d.x = e.x", "joins ('JOIN' at position 24) are not supported" },
        { "SELECT count(*) FROM d LEFT JOIN e USING (x)", "joins ('LEFT' at position 24)" },
        { "SELECT count(*) FROM d AS t", "table aliases (position 24) are not supported" },
        { "SELECT count(*)", "expected ',' or FROM after the SELECT items" },
        { "SELECT count(*) FROM (SELECT * FROM d)", "subqueries (position 22) are not supported" },
        { "SELECT count(*) FROM d WHERE x IN (SELECT y FROM e)", "subqueries (position 36) are not supported: IN takes a list of literals" },
        { "SELECT count(*) FROM d WHERE EXISTS (SELECT 1)", "subqueries (EXISTS at position 30)" },
        { "SELECT count(*) FROM d WHERE x = (SELECT 1)", "subqueries (position 35)" },
        // Sources.
        { "SELECT count(*) FROM read_csv('/etc/passwd')", "the table function read_csv (position 22) is not supported" },
        { "SELECT count(*) FROM read_parquet('x.parquet')", "the table function read_parquet" },
        { "SELECT count(*) FROM glob('*')", "the table function glob" },
        { "SELECT count(*) FROM '/etc/passwd'", "FROM '/etc/passwd' at position 22 names a file" },
        { "SELECT count(*) FROM \"file.csv\"", "'file.csv' looks like a file name (.csv)" },
        { "SELECT count(*) FROM \"/etc/passwd\"", "is not a dataset name: a dataset name is lower-case letters" },
        { "SELECT count(*) FROM main.x", "schema-qualified names ('main' at position 22 followed by '.')" },
        { "SELECT count(*) FROM \"Tokyo\"", "is not a dataset name" },
        { "SELECT count(*) FROM federation('../x')", "the pattern '../x' at position 33 is not a dataset pattern" },
        { "SELECT count(*) FROM federation(x)", "federation takes one 'pattern' in single quotes" },
        { "SELECT count(*) FROM d WHERE main.d.x = 1", "schema-qualified names ('main' at position 30" },
        // Functions.
        { "SELECT count(*) FROM d WHERE read_csv('/etc/passwd') IS NULL", "the function read_csv (position 30) is not supported: allowed are aggregates COUNT" },
        { "SELECT count(getenv('HOME')) FROM d", "the function getenv (position 14) is not supported" },
        { "SELECT count(*) FROM d WHERE current_setting('threads') = 1", "the function current_setting" },
        { "SELECT count(*) FROM d WHERE read_text('x') = 'y'", "the function read_text" },
        { "SELECT count(*) FROM d WHERE pragma_version() = 1", "the function pragma_version" },
        { "SELECT count(*) FROM d WHERE glob('x') = 1", "the function glob" },
        { "SELECT count(abs(x, y)) FROM d", "abs at position 14 takes 1 argument(s), not 2" },
        { "SELECT count(least(x)) FROM d", "least at position 14 takes at least 2 argument(s), not 1" },
        { "SELECT count(date_trunc('millennium', t)) FROM d", "date_trunc's unit ('millennium' at position 25) must be one of" },
        { "SELECT count(date_trunc(x, t)) FROM d", "date_trunc's unit" },
        { "SELECT sum(clamp(x, 5, 1)) FROM d", "clamp at position 12: the lower bound 5 is above the upper bound 1" },
        { "SELECT sum(clamp(x, y, 1)) FROM d", "clamp's lower bound at position 21 must be a number literal" },
        { "SELECT count(CAST(x AS BLOB)) FROM d", "CAST to 'BLOB' at position 24 is not supported" },
        { "SELECT count(CAST(x AS DECIMAL(10, 2))) FROM d", "CAST to 'DECIMAL'" },
        { "SELECT count(x::INT) FROM d", ":: casts are not supported (position 15)" },
        { "SELECT histogram(x, 5, 1, 10) FROM d", "the lower bound 5 must be below the upper bound 1" },
        { "SELECT histogram(x, 0, 1, 0) FROM d", "HISTOGRAM's bucket count ('0' at position 27) must be a whole number from 1 to 1000" },
        { "SELECT histogram(x, 0, 1, 1001) FROM d", "must be a whole number from 1 to 1000" },
        { "SELECT histogram(x, 0, 1) FROM d", "expected ','" },
        { "SELECT count(*) FROM d WHERE s LIKE 'a%'", "LIKE (position 32) is not supported" },
        { "SELECT count(*) FROM d WHERE s NOT LIKE 'a%'", "LIKE (position 36) is not supported" },
        { "SELECT count(*) FROM d WHERE t > TIMESTAMP '2020-01-01 00:00'", "TIMESTAMP literals (position 34) are not supported" },
        { "SELECT count(*) FROM d WHERE t > DATE '2020-02-30'", "DATE '2020-02-30' at position 39 is not a date" },
        { "SELECT count(*) FROM d WHERE CASE x WHEN 1 THEN TRUE END", "simple CASE x WHEN … (position 30) is not supported" },
        { "SELECT count(*) FROM d WHERE x IS TRUE", "expected NULL after IS" },
        { "SELECT count(*) FROM d WHERE 1 < x < 3", "chained comparison at position 36" },
        { "SELECT count(*) FROM d WHERE x IN (y)", "IN lists hold literals only" },
        // GROUP BY.
        { "SELECT count(*) FROM d GROUP BY 1", "positional GROUP BY (position 33) is not supported" },
        { "SELECT count(*) FROM d GROUP BY ALL", "GROUP BY ALL (position 33) is not supported" },
        { "SELECT count(*) FROM d GROUP BY x, x", "GROUP BY lists \"x\" twice" },
        { "SELECT year(t) AS y, count(*) FROM d GROUP BY y", "GROUP BY y (position 47) names a SELECT alias" },
        // Tokens and names.
        { "SELECT count(*) FROM d -- comment", "comments are not accepted (position 24)" },
        { "SELECT count(*) /* hi */ FROM d", "comments are not accepted (position 17)" },
        { "SELECT count(*) FROM d WHERE x = $1", "parameters ($) are not supported (position 34)" },
        { "SELECT count(*) FROM d WHERE x = ?", "parameters (?) are not supported" },
        { "SELECT count(*) FROM d WHERE s = 'a' || 'b'", "the || operator is not supported (position 38)" },
        { "SELECT count(*) FROM d WHERE s = 'a\0b'", "contains a NUL character" },
        { "SELECT count(*) FROM d WHERE s = 'open", "the string literal starting at position 34 is not closed" },
        { "SELECT count(\"x\0\") FROM d", "contains a NUL character" },
        { "SELECT count(\"a\"\"b\") FROM d", "the column name \"a\"b\" at position 14 is a name with the character '\"'" },
        { "SELECT count(\"a.b\") FROM d", "a name with the character '.'" },
        { "SELECT count(\"a/b\") FROM d", "a name with the character '/'" },
        { "SELECT count(\"\") FROM d", "an empty name" },
        { "SELECT count(*) FROM d WHERE x = 1abc", "malformed number at position 34" },
        { "SELECT count(*) FROM d WHERE x = 0x10", "malformed number" },
        { "SELECT count(*) FROM d WHERE x = 1_000", "malformed number" },
        { "SELECT count(*) FROM d WHERE x\u00A0= 1", "unexpected character U+00A0 at position 31" },
        { "SELECT count(*) FROM d WHERE x = @y", "unexpected character '@' at position 34" },
        { "SELECT count(*) FROM d WHERE x = [1]", "unexpected character '['" },
        { "SELECT count(*) FROM d WHERE select = 1", "subqueries ('select' at position 30)" },
        { "SELECT count(*) FROM d WHERE from = 1", "unexpected 'from' at position 30: expected an expression (quote a column with this name: \"from\")" },
        { "SELECT count(x) AS \"a;b\" FROM d", "the alias \"a;b\" at position 20 is a name with the character ';'" },
    };

    [Theory]
    [MemberData(nameof(Rejected))]
    public void Parse_RefusedQuery_SaysWhatWhereAndFix(string sql, string expected)
    {
        QueryParse parse = FederatedSql.Parse(sql);

        Assert.Null(parse.Query);
        Assert.Contains(expected, parse.Error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', parse.Error!);
    }

    [Fact]
    public void Parse_OversizedQuery_IsRefusedBeforeParsing()
    {
        string sql = "SELECT count(*) FROM d WHERE s = '" + new string('a', 16 * 1024) + "'";

        Assert.StartsWith("the query is 16419 bytes; at most 16384 are accepted", FederatedSql.Parse(sql).Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TooManyItems_IsRefused()
    {
        string items = string.Join(", ", Enumerable.Range(0, 257).Select(i => $"count(c{i})"));

        Assert.StartsWith("more than 256 SELECT items", FederatedSql.Parse($"SELECT {items} FROM d").Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(65, '(', ')')]
    [InlineData(8_000, '(', ')')]
    public void Parse_DeepParentheses_AreRefusedWithoutOverflowingTheStack(int depth, char open, char close)
    {
        string nested = new string(open, depth) + "x" + new string(close, depth);

        Assert.Contains("nests deeper than 64 levels", FederatedSql.Parse($"SELECT count({nested}) FROM d").Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("- ", 5000)]
    [InlineData("NOT ", 3500)]
    public void Parse_LongUnaryChains_AreRefused(string unary, int count)
    {
        string chain = string.Concat(Enumerable.Repeat(unary, count)) + "x";

        Assert.Contains("nests deeper than 64 levels", FederatedSql.Parse($"SELECT count(*) FROM d WHERE {chain} = 1").Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_LongOperatorChain_IsRefusedAsTooDeep()
    {
        string sum = string.Join(" + ", Enumerable.Range(0, 100).Select(i => $"c{i}"));

        Assert.Contains("nests deeper than 64 levels", FederatedSql.Parse($"SELECT count({sum}) FROM d").Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TooManyHistogramBuckets_AreRefusedByPartialCount()
    {
        string items = string.Join(", ", Enumerable.Range(0, 5).Select(i => $"histogram(c{i}, 0, 1, 1000)"));

        Assert.StartsWith("the query needs more than 4096 partials", FederatedSql.Parse($"SELECT {items} FROM d").Error, StringComparison.Ordinal);
    }
}
