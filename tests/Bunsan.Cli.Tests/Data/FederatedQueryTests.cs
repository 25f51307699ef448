using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Bunsan.Cli.Tests.Data;

/// <summary>
/// `bunsan query` end to end over 11 real sites holding 31 real stations: answers equal DuckDB's over the union of the
/// files, small groups are suppressed as the policy says, the wire carries no rows, and the ledger records the query.
/// </summary>
[Collection(SharedDataFederation.Name)]
public sealed partial class FederatedQueryTests(DataFederation federation)
{
    private const string YearlySql =
        "SELECT year(date) AS y, count(*) AS n, count(NO2_mean) AS c, sum(NO2_mean) AS s, avg(NO2_mean) AS a, var_samp(NO2_mean) AS v " +
        "FROM federation('air-*') GROUP BY year(date)";

    [Fact]
    public void Query_AcrossElevenSites_EqualsDuckDbOverAllTheRows()
    {
        Assert.SkipWhen(federation.SkipReason is not null, federation.SkipReason ?? "");

        (int exit, JsonElement answer, string error) = federation.Query(null, YearlySql, "research");

        Assert.True(exit == 0, error);
        List<object?[]> central = CentralAnswers.Run(federation,
            "SELECT year(date), count(*), count(NO2_mean), sum(CAST(NO2_mean AS DECIMAL(38,6))), avg(NO2_mean), var_samp(NO2_mean) " +
            "FROM federation('air-*') GROUP BY year(date)", keys: 1);
        JsonElement[] rows = [.. answer.GetProperty("rows").EnumerateArray()];
        Assert.Equal(central.Count, rows.Length);
        Assert.True(rows.Length >= 5, $"only {rows.Length} years");
        for (int r = 0; r < rows.Length; r++)
        {
            JsonElement[] cells = [.. rows[r].EnumerateArray()];
            for (int c = 0; c < cells.Length; c++)
            {
                CentralAnswers.AssertCell(central[r][c], cells[c], $"row {r}, column {c}");
            }
        }
        Assert.Equal(31, answer.GetProperty("datasets").GetArrayLength());
        Assert.Equal(11, answer.GetProperty("sites").GetArrayLength());
        Assert.Equal(0, answer.GetProperty("suppressed_groups").GetInt32());
        Assert.All(answer.GetProperty("sites").EnumerateArray().SelectMany(s => s.GetProperty("verdicts").EnumerateArray()),
            v => Assert.True(v.GetProperty("allowed").GetBoolean(), v.GetRawText()));
    }

    [Fact]
    public void Query_TextOutput_PrintsTheTableAndWhatTookPart()
    {
        Assert.SkipWhen(federation.SkipReason is not null, federation.SkipReason ?? "");

        (int exit, string output, string error) = federation.Run(null, "query",
            "SELECT count(*) AS days, avg(NO2_mean) AS no2 FROM federation('air-13*')", "--purpose", "public-health");

        Assert.True(exit == 0, error);
        long days = (long)CentralAnswers.Run(federation, "SELECT count(*) FROM federation('air-13*')", 0)[0][0]!;
        Assert.Contains("days", output, StringComparison.Ordinal);
        Assert.Contains(days.ToString(System.Globalization.CultureInfo.InvariantCulture), output, StringComparison.Ordinal);
        Assert.Contains("1 group(s); 0 suppressed below the minimum group size; 3 dataset(s) at 1 site(s); ε spent none (exact)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Query_SmallGroups_SuppressedAsThePolicySays()
    {
        Assert.SkipWhen(federation.SkipReason is not null, federation.SkipReason ?? "");
        const string Sql = "SELECT year(date), month(date), count(*) FROM federation('air-*') WHERE NO2_mean > 60 GROUP BY year(date), month(date)";

        (int exit, JsonElement answer, string error) = federation.Query(null, Sql, "research");

        Assert.True(exit == 0, error);
        // examples/datasets/research-only.json: bunsan:minGroupSize 3.
        List<object?[]> central = CentralAnswers.Run(federation, Sql, keys: 2);
        long[][] kept = [.. central.Where(r => (long)r[2]! >= 3).Select(r => r.Select(v => Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray())];
        Assert.Equal(3, answer.GetProperty("min_group_size").GetInt32());
        Assert.Equal(central.Count - kept.Length, answer.GetProperty("suppressed_groups").GetInt32());
        Assert.Equal(kept, answer.GetProperty("rows").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetInt64()).ToArray()));
        Assert.True(kept.Length > 0 && kept.Length < central.Count, $"{central.Count} groups, {kept.Length} of 3 rows or more: the threshold should split them");
    }

    [Fact]
    public void Query_OnTheWire_NoRowEverLeavesASite()
    {
        Assert.SkipWhen(federation.SkipReason is not null, federation.SkipReason ?? "");
        Dictionary<string, int> before = federation.Sites.ToDictionary(s => s.Key, s => s.Value.Proxy.Carried().Length);

        (int exit, JsonElement answer, string error) = federation.Query(null,
            "SELECT year(date), count(*), sum(NOX_mean), stddev_samp(NO2_mean) FROM federation('air-*') GROUP BY year(date)", "research");

        Assert.True(exit == 0, error);
        string wire = string.Concat(federation.Sites.Select(s => Encoding.Latin1.GetString(s.Value.Proxy.Carried()[before[s.Key]..])));
        // Every day of every station is a row; a row on the wire would bring its date along. None may appear.
        HashSet<string> dates = [.. federation.Files.Values.Distinct().SelectMany(f => File.ReadLines(f).Skip(1).Select(l => l[..10]))];
        List<string> leaked = [.. IsoDate().Matches(wire).Select(m => m.Value).Where(dates.Contains).Distinct()];
        Assert.Empty(leaked);
        long moved = wire.Length;
        long files = federation.Files.Values.Distinct().Sum(f => new FileInfo(f).Length);
        JsonElement traffic = answer.GetProperty("traffic");
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"one grouped query over 31 stations at 11 sites moved {moved:N0} bytes on the wire (the coordinator counted " +
            $"{traffic.GetProperty("bytes_to_sites").GetInt64():N0} to sites, {traffic.GetProperty("bytes_from_sites").GetInt64():N0} back); " +
            $"copying the files would move {files:N0} bytes ({(double)files / moved:F1}x more); {answer.GetProperty("elapsed_ms").GetDouble():F0} ms");
        Assert.True(moved < files, $"the query moved {moved:N0} bytes, more than the {files:N0} bytes of all the files");
    }

    [Fact]
    public async Task Query_Answered_IsInTheLedgerWithEverySiteVerdict()
    {
        Assert.SkipWhen(federation.SkipReason is not null, federation.SkipReason ?? "");

        (int exit, JsonElement answer, string error) = federation.Query(null, "SELECT count(*) FROM federation('air-27*')", "research");

        Assert.True(exit == 0, error);
        JsonElement entry = await LedgerEntryAsync(answer.GetProperty("query_id").GetString()!);
        Assert.Equal(answer.GetProperty("query_hash").GetString(), entry.GetProperty("query_hash").GetString());
        Assert.Equal("research", entry.GetProperty("purpose").GetString());
        Assert.Equal("answered", entry.GetProperty("outcome").GetString());
        Assert.Equal(3, entry.GetProperty("verdicts").GetArrayLength());
        Assert.All(entry.GetProperty("verdicts").EnumerateArray(), v =>
        {
            Assert.Equal("edge-osaka", v.GetProperty("site").GetString());
            Assert.StartsWith("sha256:", v.GetProperty("policy_digest").GetString(), StringComparison.Ordinal);
        });
    }

    /// <summary>The ledger's query.run record for a query id, read back through GET /v1/ledger/entries.</summary>
    internal async Task<JsonElement> LedgerEntryAsync(string queryId)
    {
        using var http = new HttpClient { BaseAddress = federation.Server!.ApiUri };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", federation.AdminToken);
        using JsonDocument page = JsonDocument.Parse(await http.GetStringAsync("v1/ledger/entries?from=0", TestContext.Current.CancellationToken));
        foreach (JsonElement item in page.RootElement.GetProperty("entries").EnumerateArray())
        {
            string text = Encoding.UTF8.GetString(Convert.FromBase64String(item.GetProperty("entry").GetString()!));
            using JsonDocument entry = JsonDocument.Parse(text);
            if (entry.RootElement.GetProperty("kind").GetString() == "query.run" && entry.RootElement.GetProperty("query_id").GetString() == queryId)
            {
                return entry.RootElement.Clone();
            }
        }
        Assert.Fail($"no ledger entry names query {queryId}");
        return default;
    }

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}")]
    private static partial Regex IsoDate();
}
