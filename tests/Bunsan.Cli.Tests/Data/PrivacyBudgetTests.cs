using System.Globalization;
using System.Text.Json;

namespace Bunsan.Cli.Tests.Data;

/// <summary>
/// Differential privacy end to end: a policy with bunsan:epsilonBudget makes answers noisy, each analyst's spending is
/// tracked per dataset, a query that would overspend is refused before any site computes, and the noise has the spread of
/// the discrete Laplace distribution it claims.
/// </summary>
[Collection(SharedDataFederation.Name)]
public sealed class PrivacyBudgetTests(DataFederation federation)
{
    private const string CountSql = "SELECT count(*) FROM federation('dp-*')";

    [Fact]
    public void Budget_SpentPerAnalyst_OverspendRefusedBeforeAnySiteComputes()
    {
        Assert.SkipWhen(federation.SkipReason is not null, federation.SkipReason ?? "");
        // examples/datasets/private-counts.json: public-health only, ε 2.0 per analyst, groups of 10 rows or more.
        foreach (string code in federation.Stations.Where(s => s.Value.City == "Tokyo").Select(s => s.Key))
        {
            federation.Add("dp-" + code, "Tokyo", code, "private-counts.json");
        }
        string dana = federation.Analyst("dana");
        long exact = (long)CentralAnswers.Run(federation, CountSql, 0)[0][0]!;

        (int exit, _, string error) = federation.Query(dana, CountSql, "public-health");
        Assert.Equal(2, exit);
        Assert.Contains("epsilon: the usage policy of dp-", error, StringComparison.Ordinal);

        for (int i = 0; i < 2; i++)
        {
            (exit, JsonElement answer, error) = federation.Query(dana, CountSql, "public-health", "0.8");
            Assert.True(exit == 0, error);
            Assert.Equal(0.8m, answer.GetProperty("epsilon").GetDecimal());
            // Scale 1/0.8: a deviation of 40 has probability below e^-30.
            Assert.InRange(answer.GetProperty("rows")[0][0].GetInt64(), exact - 40, exact + 40);
        }

        long wire = federation.Carried();
        (exit, _, error) = federation.Query(dana, CountSql, "public-health", "0.8");
        Assert.NotEqual(0, exit);
        Assert.Contains("dana has spent ε 1.6 of its budget 2.0; this query asks 0.8. Nothing was computed", error, StringComparison.Ordinal);
        Assert.Equal(wire, federation.Carried());

        (exit, string explained, error) = federation.Run(dana, "policy", "explain", "--dataset", federation.Files.Keys.First(k => k.StartsWith("dp-", StringComparison.Ordinal)),
            "--purpose", "public-health", "--analyst", "dana");
        Assert.True(exit == 0, error);
        Assert.Contains("privacy budget of dana: 1.6 of 2.0 spent, 0.4 left", explained, StringComparison.Ordinal);

        // The budget is each analyst's own.
        (exit, _, error) = federation.Query(federation.Analyst("erin"), CountSql, "public-health", "0.8");
        Assert.True(exit == 0, error);
    }

    [Fact]
    public void Budget_RefusedByPolicy_SpendsNothing()
    {
        Assert.SkipWhen(federation.SkipReason is not null, federation.SkipReason ?? "");
        string code = federation.Stations.First(s => s.Value.City == "Nagoya").Key;
        federation.Add("dpref-" + code, "Nagoya", code, "private-counts.json");
        string frank = federation.Analyst("frank");

        (int exit, JsonElement refusal, _) = federation.Query(frank, "SELECT count(*) FROM federation('dpref-*')", "research", "1.5");

        // With --json a refusal is the answer, on stdout, for scripts to read.
        Assert.Equal(1, exit);
        Assert.Contains("purpose 'research' is not in public-health", refusal.GetProperty("reason").GetString(), StringComparison.Ordinal);
        (exit, string explained, _) = federation.Run(frank, "policy", "explain", "--dataset", "dpref-" + code, "--purpose", "public-health");
        Assert.Equal(0, exit);
        Assert.Contains("of 2.0 spent, 2.0 left", explained, StringComparison.Ordinal);
    }

    [Fact]
    public void Epsilon_UnboundedSum_RefusedWithTheFix()
    {
        Assert.SkipWhen(federation.SkipReason is not null, federation.SkipReason ?? "");

        (int exit, _, string error) = federation.Query(null, "SELECT sum(NO2_mean) FROM federation('air-*')", "research", "0.5");

        Assert.Equal(2, exit);
        Assert.Contains("epsilon:", error, StringComparison.Ordinal);
        Assert.Contains("clamp", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Noise_OverOneHundredAnswers_HasTheDiscreteLaplaceSpread()
    {
        Assert.SkipWhen(federation.SkipReason is not null, federation.SkipReason ?? "");
        using var policy = new TempPolicy(File.ReadAllText(DataFederation.Example("private-counts.json"))
            .Replace("\"lteq\", \"rightOperand\": 2.0", "\"lteq\", \"rightOperand\": 100", StringComparison.Ordinal)
            .Replace("\"gteq\", \"rightOperand\": 10", "\"gteq\", \"rightOperand\": 1", StringComparison.Ordinal));
        string code = federation.Stations.First(s => s.Value.City == "Sendai").Key;
        federation.Add("noise-" + code, "Sendai", code, policy.Path);
        string grace = federation.Analyst("grace");
        const string Sql = "SELECT count(*) FROM federation('noise-*')";
        long exact = (long)CentralAnswers.Run(federation, Sql, 0)[0][0]!;

        var errors = new List<double>();
        for (int i = 0; i < 100; i++)
        {
            (int exit, JsonElement answer, string error) = federation.Query(grace, Sql, "public-health", "1");
            Assert.True(exit == 0, error);
            errors.Add(answer.GetProperty("rows")[0][0].GetInt64() - exact);
        }

        // Count sensitivity 1, ε 1: discrete Laplace with t = 1, variance 2e^-1/(1-e^-1)^2 = 1.84. Over 100 draws the
        // sample variance has a standard error near 0.4 and the mean near 0.14: these bounds fail by chance about once in 10^4.
        double mean = errors.Average();
        double variance = errors.Sum(e => (e - mean) * (e - mean)) / (errors.Count - 1);
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"100 noisy counts: mean error {mean:F3}, variance {variance:F3} (expected 0, 1.841)"));
        Assert.InRange(mean, -0.6, 0.6);
        Assert.InRange(variance, 0.6, 4.0);
        Assert.True(errors.Distinct().Count() >= 4, "the noise takes too few values");

        (int over, _, string refused) = federation.Query(grace, Sql, "public-health", "1");
        Assert.NotEqual(0, over);
        Assert.Contains("spent ε 100 of its budget 100", refused, StringComparison.Ordinal);
    }

    /// <summary>A policy file written for one test.</summary>
    private sealed class TempPolicy : IDisposable
    {
        public TempPolicy(string json)
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"bunsan-policy-{Guid.NewGuid():N}.json");
            File.WriteAllText(Path, json);
        }

        public string Path { get; }

        public void Dispose() => File.Delete(Path);
    }
}
