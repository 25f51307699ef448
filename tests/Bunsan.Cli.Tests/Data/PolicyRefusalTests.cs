using System.Text.Json;

namespace Bunsan.Cli.Tests.Data;

/// <summary>
/// Where a query stops: a prohibited or unlisted purpose (every site's verdict printed), a revoked policy, a changed policy
/// (in force from the next query), hostile input (refused with the field to fix, nothing stored changed), and a site that
/// cannot be reached (named, nothing released).
/// </summary>
[Collection(SharedDataFederation.Name)]
public sealed class PolicyRefusalTests(DataFederation federation)
{
    private const string OsakaCount = "SELECT count(*) FROM federation('air-27*')";

    [Fact]
    public void Purpose_Prohibited_RefusedWithEverySiteVerdict()
    {
        Assert.SkipWhen(federation.SkipReason is not null, federation.SkipReason ?? "");

        (int exit, string output, string error) = federation.Run(null, "query", OsakaCount, "--purpose", "marketing");

        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.StartsWith("refused: ", error, StringComparison.Ordinal);
        string[] osaka = [.. federation.Stations.Where(s => s.Value.City == "Osaka").Select(s => "air-" + s.Key)];
        Assert.NotEmpty(osaka);
        // research-only.json: purpose marketing is prohibition[0]; the site says so for each dataset it holds.
        Assert.Contains(osaka, name => error.Contains($"  edge-osaka / {name}: refused — prohibition[0] forbids it", StringComparison.Ordinal));
    }

    [Fact]
    public void Purpose_NotListed_NoPermissionApplies()
    {
        Assert.SkipWhen(federation.SkipReason is not null, federation.SkipReason ?? "");

        (int exit, JsonElement refusal, _) = federation.Query(null, OsakaCount, "advertising");

        Assert.Equal(1, exit);
        Assert.Equal("policy_refused", refusal.GetProperty("error").GetString());
        Assert.Contains("no permission applies", refusal.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Policy_RevokedThenChanged_InForceFromTheNextQuery()
    {
        Assert.SkipWhen(federation.SkipReason is not null, federation.SkipReason ?? "");
        string code = federation.Stations.First(s => s.Value.City == "Sendai").Key;
        string name = "rev-" + code;
        federation.Add(name, "Sendai", code, "research-only.json");
        string sql = $"SELECT count(*) FROM federation('{name}')";
        Assert.Equal(0, federation.Query(null, sql, "research").Exit);

        Assert.Equal(0, federation.Run(null, "policy", "revoke", "--dataset", name).Exit);
        (int exit, JsonElement refusal, _) = federation.Query(null, sql, "research");
        Assert.Equal(1, exit);
        Assert.Contains("revoked", refusal.GetProperty("reason").GetString(), StringComparison.Ordinal);
        (exit, _, string refusedText) = federation.Run(null, "query", sql, "--purpose", "research");
        Assert.Equal(1, exit);
        Assert.Contains($"refused: the owners revoked the usage policy of {name}", refusedText, StringComparison.Ordinal);
        (exit, string explained, _) = federation.Run(null, "policy", "explain", "--dataset", name, "--purpose", "research");
        Assert.Equal(0, exit);
        Assert.Contains("revoked", explained, StringComparison.Ordinal);

        // A new policy lifts the revocation and is what the next query is checked against.
        Assert.Equal(0, federation.Run(null, "policy", "set", "--dataset", name, "--policy", DataFederation.Example("private-counts.json")).Exit);
        (exit, refusal, _) = federation.Query(null, sql, "research");
        Assert.Equal(1, exit);
        Assert.Contains("purpose 'research' is not in public-health", refusal.GetProperty("reason").GetString(), StringComparison.Ordinal);

        Assert.Equal(0, federation.Run(null, "policy", "set", "--dataset", name, "--policy", DataFederation.Example("research-only.json")).Exit);
        (exit, JsonElement answer, string error) = federation.Query(null, sql, "research");
        Assert.True(exit == 0, error);
        Assert.Equal(File.ReadLines(federation.Files[name]).Count() - 1, answer.GetProperty("rows")[0][0].GetInt64());
    }

    [Theory]
    [InlineData("SELECT * FROM federation('air-*')", "research", null, "sql")]
    [InlineData("SELECT NO2_mean FROM federation('air-*')", "research", null, "sql")]
    [InlineData("SELECT count(*) FROM read_csv('/etc/passwd')", "research", null, "sql")]
    [InlineData("SELECT count(*) FROM federation('air-*'); DROP TABLE x", "research", null, "sql")]
    [InlineData("SELECT count(*) FROM federation('air-*') WHERE NO3_mean > 1", "research", null, "sql")]
    [InlineData("SELECT count(*) FROM federation('air-*')", "Research!", null, "purpose")]
    [InlineData("SELECT count(*) FROM federation('air-*')", "", null, "purpose")]
    [InlineData("SELECT count(*) FROM federation('air-*')", "research", "NaN", "epsilon")]
    [InlineData("SELECT count(*) FROM federation('air-*')", "research", "-1", "epsilon")]
    [InlineData("SELECT count(*) FROM federation('air-*')", "research", "1e400", "epsilon")]
    public void Query_HostileInput_RefusedNamingTheField(string sql, string purpose, string? epsilon, string field)
    {
        Assert.SkipWhen(federation.SkipReason is not null, federation.SkipReason ?? "");
        long before = federation.Carried();

        (int exit, _, string error) = federation.Query(null, sql, purpose, epsilon);

        Assert.Equal(2, exit);
        Assert.Contains(field, error, StringComparison.Ordinal);
        Assert.Equal(before, federation.Carried());
    }

    [Fact]
    public void Query_OversizedSql_RefusedWithoutReachingASite()
    {
        Assert.SkipWhen(federation.SkipReason is not null, federation.SkipReason ?? "");
        long before = federation.Carried();
        string sql = "SELECT count(*) FROM federation('air-*') WHERE " + string.Join(" OR ", Enumerable.Range(0, 200_000).Select(i => $"NO2_mean = {i}"));

        (int exit, _, string error) = federation.Query(null, sql, "research");

        Assert.Equal(2, exit);
        Assert.NotEqual("", error);
        Assert.Equal(before, federation.Carried());
    }

    [Fact]
    public void PolicySet_UnknownOperand_RefusedAndTheOldPolicyStays()
    {
        Assert.SkipWhen(federation.SkipReason is not null, federation.SkipReason ?? "");
        string name = federation.Files.Keys.First(n => n.StartsWith("air-", StringComparison.Ordinal));
        string digest = Show(name).GetProperty("policy_digest").GetString()!;
        string hostile = Path.Combine(Path.GetTempPath(), $"bunsan-hostile-{Guid.NewGuid():N}.json");
        File.WriteAllText(hostile, File.ReadAllText(DataFederation.Example("research-only.json")).Replace("\"spatial\"", "\"temperature\"", StringComparison.Ordinal));
        try
        {
            (int exit, _, string error) = federation.Run(null, "policy", "set", "--dataset", name, "--policy", hostile);

            Assert.Equal(2, exit);
            Assert.Contains("permission[0].constraint[1]", error, StringComparison.Ordinal);
            Assert.Contains("temperature", error, StringComparison.Ordinal);
            Assert.Equal(digest, Show(name).GetProperty("policy_digest").GetString());
        }
        finally
        {
            File.Delete(hostile);
        }
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("Air-Upper")]
    [InlineData("air x")]
    [InlineData("")]
    public void DatasetAdd_BadName_RefusedAndNothingStored(string name)
    {
        Assert.SkipWhen(federation.SkipReason is not null, federation.SkipReason ?? "");
        string file = federation.Files.Values.First();

        (int exit, _, string error) = federation.Run(null, "dataset", "add", name, "--site", federation.Sites["Osaka"].Site,
            "--owner", "osaka-city", "--file", file, "--policy", DataFederation.Example("research-only.json"));

        Assert.Equal(2, exit);
        Assert.Contains("name", error, StringComparison.Ordinal);
        Assert.DoesNotContain(List(), d => d.GetProperty("name").GetString() == name);
    }

    [Fact]
    public void Tokens_AnalystCannotManageDatasets_AndABadTokenIsRefused()
    {
        Assert.SkipWhen(federation.SkipReason is not null, federation.SkipReason ?? "");
        string analyst = federation.Analyst("mallory");
        string name = federation.Files.Keys.First(n => n.StartsWith("air-", StringComparison.Ordinal));

        Assert.Equal(2, federation.Run(analyst, "policy", "revoke", "--dataset", name).Exit);
        Assert.False(Show(name).GetProperty("revoked").GetBoolean());
        Assert.Equal(2, federation.Run(analyst, "dataset", "add", "mallory-set", "--site", federation.Sites["Osaka"].Site,
            "--owner", "mallory", "--file", federation.Files[name], "--policy", DataFederation.Example("research-only.json")).Exit);
        Assert.DoesNotContain(List(), d => d.GetProperty("name").GetString() == "mallory-set");

        (int exit, _, string error) = federation.Query("bsn_not-a-token", OsakaCount, "research");
        Assert.Equal(2, exit);
        Assert.Contains("--token", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Query_SiteUnreachable_FailsNamingTheSite()
    {
        Assert.SkipWhen(federation.SkipReason is not null, federation.SkipReason ?? "");
        await federation.Sites["Spare"].Proxy.DisposeAsync();

        (int exit, JsonElement answer, string error) = federation.Query(null, "SELECT count(*) FROM federation('spare-*')", "research");

        Assert.Equal(1, exit);
        Assert.Equal(JsonValueKind.Undefined, answer.ValueKind);
        Assert.Contains("edge-spare", error, StringComparison.Ordinal);
    }

    private JsonElement Show(string name)
    {
        (int exit, string output, string error) = federation.Run(null, "dataset", "show", name, "--json");
        Assert.True(exit == 0, error);
        return JsonDocument.Parse(output).RootElement.Clone();
    }

    private JsonElement[] List()
    {
        (int exit, string output, string error) = federation.Run(null, "dataset", "list", "--json");
        Assert.True(exit == 0, error);
        JsonElement root = JsonDocument.Parse(output).RootElement;
        return [.. (root.ValueKind == JsonValueKind.Array ? root : root.GetProperty("datasets")).EnumerateArray().Select(d => d.Clone())];
    }
}
