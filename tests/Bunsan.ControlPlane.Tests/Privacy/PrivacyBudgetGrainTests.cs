using System.Collections.Immutable;
using Bunsan.ControlPlane.Privacy;

namespace Bunsan.ControlPlane.Tests.Privacy;

/// <summary>
/// An analyst's privacy budgets on a real silo over SQLite: reservations all-or-nothing across datasets, refunds and
/// settlements, no overspend under concurrent queries, and every spend still there after a control-plane restart.
/// </summary>
public sealed class PrivacyBudgetGrainTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private static readonly ImmutableArray<DatasetBudget> TwoDatasets = [new("air-a", 2.0m), new("air-b", 1.0m)];

    [Fact]
    public async Task Reserve_OverAnyDatasetsBudget_ChargesNone()
    {
        IPrivacyBudgetGrain budget = fixture.Grains.PrivacyBudget(Samples.UniqueId("ana"));

        Assert.True((await budget.Reserve("q1", TwoDatasets, 0.6m)).Granted);
        BudgetReservation refused = await budget.Reserve("q2", TwoDatasets, 0.5m);

        // air-b would reach 1.1 of 1.0: refused, and air-a (which had room) is not charged either.
        Assert.Equal(new BudgetReservation(false, "air-b", 0.6m, 1.0m), refused);
        Assert.Equal(0.6m, (await budget.Spent())["air-a"]);
        Assert.Equal(0.6m, (await budget.Spent())["air-b"]);
    }

    [Fact]
    public async Task Refund_GivesTheReservationBack_SettleKeepsIt()
    {
        IPrivacyBudgetGrain budget = fixture.Grains.PrivacyBudget(Samples.UniqueId("ben"));
        await budget.Reserve("failed", TwoDatasets, 0.4m);
        await budget.Reserve("answered", TwoDatasets, 0.3m);

        await budget.Refund("failed");
        await budget.Settle("answered");
        await budget.Refund("answered");
        await budget.Refund("never-reserved");

        Assert.Equal(0.3m, (await budget.Spent())["air-a"]);
    }

    [Fact]
    public async Task Reserve_SameQueryTwice_ChargesOnce()
    {
        IPrivacyBudgetGrain budget = fixture.Grains.PrivacyBudget(Samples.UniqueId("cy"));

        await budget.Reserve("q", TwoDatasets, 0.5m);
        Assert.True((await budget.Reserve("q", TwoDatasets, 0.5m)).Granted);

        Assert.Equal(0.5m, (await budget.Spent())["air-b"]);
    }

    [Fact]
    public async Task Reserve_ManyAtOnce_NeverOverspends()
    {
        IPrivacyBudgetGrain budget = fixture.Grains.PrivacyBudget(Samples.UniqueId("dee"));

        // 0.1 × 10 fits the 1.0 of air-b exactly (decimal, not binary, ε); 40 racing queries get 10 grants.
        BudgetReservation[] answers = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => budget.Reserve($"q{i}", TwoDatasets, 0.1m)));

        Assert.Equal(10, answers.Count(a => a.Granted));
        Assert.Equal(1.0m, (await budget.Spent())["air-b"]);
    }

    [Fact]
    public async Task Spent_AfterARestart_IsStillThere()
    {
        string analyst = Samples.UniqueId("eve");
        await fixture.Grains.PrivacyBudget(analyst).Reserve("settled", TwoDatasets, 0.7m);
        await fixture.Grains.PrivacyBudget(analyst).Settle("settled");
        await fixture.Grains.PrivacyBudget(analyst).Reserve("pending", TwoDatasets, 0.2m);

        await fixture.KillAndRestartAsync();

        // A reservation whose query never finished stays spent: ε may have been used by an answer that left.
        IPrivacyBudgetGrain budget = fixture.Grains.PrivacyBudget(analyst);
        Assert.Equal(0.9m, (await budget.Spent())["air-a"]);
        Assert.False((await budget.Reserve("after", TwoDatasets, 0.2m)).Granted);
        Assert.Equal(1, await StoredRows.CountAsync(fixture.DatabasePath, "privacy-budget", analyst));
    }
}
